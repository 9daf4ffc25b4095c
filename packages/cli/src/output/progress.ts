import type { Palette } from './color.ts';

/** Where progress goes: stderr, so stdout stays clean for `--json` and pipes. */
export interface ProgressStream {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns?: number;
}

/** Progress of one long task. */
export interface Progress {
  /** `count` more items are done. */
  tick(count?: number): void;
  /** `done` of `total` items are done (for tasks whose total grows as they go). */
  update(done: number, total: number): void;
  /** The task ended: a bar is completed and its line ended; plain mode prints a last line. */
  done(summary?: string): void;
}

const BAR_WIDTH = 24;
/** Tasks with fewer items finish too fast to need progress. */
export const MIN_PROGRESS_TOTAL = 32;

/**
 * Progress of a task with a known total. On a TTY a bar redrawn in place (`\r`) whenever the shown percentage
 * changes; elsewhere plain lines (`label: 40/400 (10%)`) at every tenth of the way, so logs stay short. Silent
 * with `quiet` or fewer than {@link MIN_PROGRESS_TOTAL} items.
 */
export function createProgress(
  stream: ProgressStream,
  label: string,
  total: number,
  options: { quiet?: boolean; palette: Palette },
): Progress {
  let done = 0;
  let shown = 0;
  let finished = false;
  const silent = () => options.quiet === true || total < MIN_PROGRESS_TOTAL;
  const percent = () => Math.min(100, Math.floor((done / total) * 100));
  const draw = () => {
    const filled = Math.round((done / total) * BAR_WIDTH);
    const bar = `${options.palette.cyan('█'.repeat(filled))}${options.palette.dim('░'.repeat(BAR_WIDTH - filled))}`;
    stream.write(`\r${label} ${bar} ${done}/${total} ${String(percent()).padStart(3)}%`);
  };
  const show = () => {
    const now = percent();
    if (stream.isTTY) {
      if (now !== shown) draw();
    } else if (Math.floor(now / 10) !== Math.floor(shown / 10) && done < total) {
      stream.write(`${label}: ${done}/${total} (${now}%)\n`);
    }
    shown = now;
  };
  return {
    tick(count = 1) {
      if (finished) return;
      done = Math.min(total, done + count);
      if (!silent()) show();
    },
    update(doneNow, totalNow) {
      if (finished) return;
      total = totalNow;
      done = Math.min(total, doneNow);
      if (!silent()) show();
    },
    done(summary) {
      if (silent() || finished) return;
      finished = true;
      done = total;
      if (stream.isTTY) {
        draw();
        stream.write(summary ? ` ${summary}\n` : '\n');
      } else stream.write(`${label}: ${total}/${total} done${summary ? ` (${summary})` : ''}\n`);
    },
  };
}
