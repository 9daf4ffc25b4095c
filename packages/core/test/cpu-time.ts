// CPU time for the fuzz and filter tests' hang detectors: counted in process CPU, so a machine busy with other
// work does not trip them (wall-clock time would). Test-only; other packages import it by relative path.

/** The process's CPU time so far, in milliseconds. */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The CPU time of the fastest of up to three tries of `call` (failures count as finished), in milliseconds. */
export async function cpuMs(call: () => Promise<unknown>, boundMs: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best > boundMs; attempt++) {
    const start = cpuNow();
    await call().catch(() => undefined);
    best = Math.min(best, cpuNow() - start);
  }
  return best;
}
