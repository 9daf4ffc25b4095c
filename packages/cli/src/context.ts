import path from 'node:path';
import { type Palette, palette } from './output/color.ts';
import { createProgress, type Progress, type ProgressStream } from './output/progress.ts';

/** A stream the command writes to (stdout or stderr). */
export interface CliStream extends ProgressStream {
  write(text: string): void;
}

/**
 * What every command gets: its streams, environment, colours and helpers. Commands write only through it,
 * never to `process.stdout` directly, so `run()` can be driven with other streams.
 */
export interface CliContext {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Colours for stdout (off unless stdout is a TTY, and never with `NO_COLOR`). */
  readonly color: Palette;
  /** Colours for stderr. */
  readonly errorColor: Palette;
  /** Aborted on SIGINT / SIGTERM: long commands stop and servers close. */
  readonly signal: AbortSignal;
  /** `--quiet`: no progress output. */
  readonly quiet: boolean;
  /** Writes text to stdout. */
  print(text: string): void;
  /** Writes a note to stderr (dimmed on a TTY). */
  note(text: string): void;
  /** Progress on stderr for a task of `total` items. */
  progress(label: string, total: number): Progress;
  /** A path the user gave, resolved against `cwd`. */
  resolvePath(given: string): string;
}

/** Builds a context from streams, environment and flags. */
export function createContext(settings: {
  stdout: CliStream;
  stderr: CliStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  color: boolean;
  errorColor: boolean;
  quiet: boolean;
  signal: AbortSignal;
}): CliContext {
  const color = palette(settings.color);
  const errorColor = palette(settings.errorColor);
  return {
    stdout: settings.stdout,
    stderr: settings.stderr,
    env: settings.env,
    cwd: settings.cwd,
    color,
    errorColor,
    signal: settings.signal,
    quiet: settings.quiet,
    print: (text) => settings.stdout.write(text),
    note: (text) => settings.stderr.write(`${errorColor.dim(text)}\n`),
    progress: (label, total) =>
      createProgress(settings.stderr, label, total, { quiet: settings.quiet, palette: errorColor }),
    resolvePath: (given) => path.resolve(settings.cwd, given),
  };
}
