// A window of concurrent writes for the stores' bulk paths: a bounded number in flight, their counts summed.

/** Writes in flight, at most `limit` at once; see {@link writeWindow}. */
export interface WriteWindow {
  /** Whether a write has failed (the caller stops adding). */
  readonly failed: boolean;
  /** Adds a write (resolving to the rows it stored); waits while `limit` are in flight. */
  add(write: Promise<number>): Promise<void>;
  /** Waits for every write; the rows they stored, or the first failure thrown. */
  finish(): Promise<number>;
}

/** A window of at most `limit` writes in flight, summing the rows each stored and keeping the first failure. */
export function writeWindow(limit: number): WriteWindow {
  const running = new Set<Promise<void>>();
  let written = 0;
  let failure: { error: unknown } | undefined;
  return {
    get failed() {
      return failure !== undefined;
    },
    async add(write) {
      const task: Promise<void> = write.then(
        (count) => {
          written += count;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
      running.add(task);
      void task.finally(() => running.delete(task));
      if (running.size >= limit) await Promise.race(running);
    },
    async finish() {
      await Promise.all(running);
      if (failure) throw failure.error;
      return written;
    },
  };
}
