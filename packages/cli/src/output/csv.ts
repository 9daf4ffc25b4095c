/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or starts or ends with a space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text (RFC 4180, CRLF line ends) of a header and rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
