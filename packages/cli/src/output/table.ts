import type { Palette } from './color.ts';
import { cell } from './text.ts';

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Longest cell, in characters; longer ones end in `…`. 0 for no limit. @default 48 */
  maxCellWidth?: number;
  /** Right-align these column indexes (numbers). */
  alignRight?: ReadonlySet<number>;
  /** Styles the header row. */
  palette?: Palette;
  /** Styles one body cell (after padding), e.g. to highlight a difference. */
  styleCell?: (row: number, column: number, text: string) => string;
}

/**
 * A plain-text table: a header, a rule, then rows, columns separated by two spaces. Cells are made visible
 * (control characters escaped) and cut to `maxCellWidth`.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const limit = options.maxCellWidth ?? 48;
  const head = header.map((text) => cell(text, limit));
  const body = rows.map((row) => header.map((_, index) => cell(row[index] ?? '', limit)));
  const widths = head.map((text, index) => Math.max(text.length, ...body.map((row) => row[index]!.length)));
  const pad = (text: string, index: number) =>
    options.alignRight?.has(index) ? text.padStart(widths[index]!) : text.padEnd(widths[index]!);
  const trim = (line: string) => line.replace(/\s+$/, '');
  const bold = options.palette?.bold ?? ((text: string) => text);
  const lines = [
    trim(head.map((text, index) => bold(pad(text, index))).join('  ')),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...body.map((row, rowIndex) =>
      trim(
        row
          .map((text, index) => {
            const padded = pad(text, index);
            return options.styleCell ? options.styleCell(rowIndex, index, padded) : padded;
          })
          .join('  '),
      ),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
