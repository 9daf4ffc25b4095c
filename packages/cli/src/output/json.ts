/**
 * JSON for scripts, two-space indented, one trailing newline. Non-finite numbers (a metric may be NaN or
 * ±Infinity) become the strings `"NaN"`, `"Infinity"` and `"-Infinity"` instead of JSON's lossy `null`.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? String(item) : item),
    2,
  )}\n`;
}
