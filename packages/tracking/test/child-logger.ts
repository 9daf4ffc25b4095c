// Child process for the reliability tests: logs runs into a shared fsStorage directory.
// Usage: node --conditions=@plinth/source --import tsx child-logger.ts <dir> <mode> <label>
//   mode "runs":  logs RUNS runs of STEPS steps × KEYS keys and 20 params each, then exits.
//   mode "exit" / "sigterm": logs 5,000 points without flush(), then ends on its own / waits for SIGTERM.
//   mode "until-killed": logs 1,000 steps per flush forever, printing "flushed <steps>" after each flush().
import { fsStorage } from '@plinth/core/fs';
import { createTracker } from '@plinth/tracking';

const [dir, mode, label] = process.argv.slice(2) as [string, string, string];
const runs = Number(process.env.RUNS ?? 3);
const steps = Number(process.env.STEPS ?? 5000);
const keys = Number(process.env.KEYS ?? 3);
const tracker = createTracker({
  storage: fsStorage({ dir }),
  exitHandler: mode === 'exit' || mode === 'sigterm',
  compactAfter: Number(process.env.COMPACT_AFTER ?? 64),
  heartbeatMs: 0,
  systemTags: false,
});

/** The value every test expects at a step of a key: easy to recompute by hand. */
const valueAt = (key: number, step: number) => key * 1_000_000 + step * 0.5;

if (mode === 'runs') {
  for (let r = 0; r < runs; r++) {
    const run = await tracker.startRun({ experiment: 'shared', name: `${label}-run${r}` });
    const params: Record<string, string> = {};
    for (let p = 0; p < 20; p++) params[`p${p}`] = `${label}-${r}-${p}`;
    await run.logParams(params);
    for (let step = 0; step < steps; step++) {
      for (let k = 0; k < keys; k++) run.logMetric(`k${k}`, valueAt(k, step), { step });
      if (step % 1000 === 999) await run.flush();
    }
    await run.end();
  }
  await tracker.close();
} else if (mode === 'exit' || mode === 'sigterm') {
  // Logs without flushing; the exit handler must make the points durable.
  const run = await tracker.startRun({ experiment: 'exit', name: label });
  for (let step = 0; step < 5000; step++) run.logMetric('loss', valueAt(0, step), { step });
  process.stdout.write(`run ${run.id}\n`);
  if (mode === 'sigterm') setInterval(() => {}, 1000);
} else {
  const run = await tracker.startRun({ experiment: 'killed', name: label });
  process.stdout.write(`run ${run.id}\n`);
  for (let step = 0; ; ) {
    for (let i = 0; i < 1000; i++, step++) run.logMetric('loss', valueAt(0, step), { step });
    await run.flush();
    process.stdout.write(`flushed ${step}\n`);
  }
}
