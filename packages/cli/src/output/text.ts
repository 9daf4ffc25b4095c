// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * User data made safe for a terminal: control characters (escape sequences, carriage returns, bidi overrides)
 * are shown as `\u{…}` escapes instead of being obeyed, so a run name cannot rewrite the screen.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}

/** `text` cut to at most `width` characters, with `…` marking the cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0 || text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** A cell for a terminal table: visible and cut to `width` (no cut when `width` is 0). */
export function cell(value: string, width: number): string {
  return truncate(visible(value), width);
}

/** A number as people read it in a table: integers plainly, others to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** UTC time as `2026-12-02 16:03:05Z`; `''` for undefined. */
export function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '';
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A duration as `1h 02m`, `3m 05s`, `12.3s`, `450ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
