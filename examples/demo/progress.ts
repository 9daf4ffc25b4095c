// Progress output: a bar redrawn in place on a terminal; one concise line per finished step when the output is
// a file or a pipe (CI logs).

export interface Progress {
  /** A finished step: `✓ label (1.2 s) detail`. */
  step(label: string, detail?: string): void;
  /** A long step with `total` units; returns `tick(done)` and `done(detail)`. */
  bar(label: string, total: number): { tick(done: number): void; done(detail?: string): void };
  /** A plain line. */
  line(text: string): void;
  /** What a step without a bar is doing now (a terminal shows it until the step ends; logs do not). */
  working(text: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let stepStarted = performance.now();
  const seconds = () => `${((performance.now() - stepStarted) / 1000).toFixed(1)} s`;
  const line = (text: string) => {
    stream.write(`${text}\n`);
  };
  return {
    line,
    working(text) {
      if (tty) stream.write(`\r\x1b[2K  ${text}…`);
    },
    step(label, detail) {
      if (tty) stream.write('\r\x1b[2K');
      line(`✓ ${label} (${seconds()})${detail ? `: ${detail}` : ''}`);
      stepStarted = performance.now();
    },
    bar(label, total) {
      const width = 28;
      return {
        tick(done) {
          if (tty) {
            const filled = Math.round((done / total) * width);
            stream.write(
              `\r  ${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`,
            );
          }
        },
        done(detail) {
          if (tty) stream.write('\r\x1b[2K');
          line(`✓ ${label} (${seconds()})${detail ? `: ${detail}` : ''}`);
          stepStarted = performance.now();
        },
      };
    },
  };
}
