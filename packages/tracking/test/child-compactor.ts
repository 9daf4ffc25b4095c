// Child process for the index crash tests: builds an experiment on fsStorage, then compacts its search index
// and kills itself with SIGKILL at the storage call named by <crashAt>:
//   pack             after the first pack of the new segment is written (manifest not yet replaced)
//   manifest-before  just before the manifest is replaced
//   manifest-after   just after the manifest is replaced (markers and old packs not yet deleted)
//   cleanup          at the first deletion of an old pack
// Usage: node --conditions=@plinth/source --import tsx child-compactor.ts <dir> <crashAt>
import type { StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { createTracker, storageBackend } from '@plinth/tracking';

const [dir, crashAt] = process.argv.slice(2) as [string, string];
const inner = fsStorage({ dir, fsync: false });
let armed = false;
const crash = (point: string) => {
  if (armed && crashAt === point) process.kill(process.pid, 'SIGKILL');
};
const storage: StorageAdapter = {
  ...inner,
  async put(key, value, options) {
    if (key.endsWith('/manifest.json')) crash('manifest-before');
    const result = await inner.put(key, value, options);
    if (key.endsWith('.pack')) crash('pack');
    if (key.endsWith('/manifest.json')) crash('manifest-after');
    return result;
  },
  async delete(key, options) {
    if (key.endsWith('.pack')) crash('cleanup');
    return inner.delete(key, options);
  },
};
const backend = storageBackend({ storage, compactAfter: 1_000_000 });
const tracker = createTracker({ backend, systemTags: false, heartbeatMs: 0, exitHandler: false });

/** Run i has params p0..p19 = `${i}-${k}` and metrics m0..m4 = i + k: easy to check by hand. */
async function logRun(i: number) {
  const run = await tracker.startRun({ experiment: 'crash', name: `r${i}` });
  const params: Record<string, string> = {};
  for (let k = 0; k < 20; k++) params[`p${k}`] = `${i}-${k}`;
  await run.logParams(params);
  const metrics: Record<string, number> = {};
  for (let k = 0; k < 5; k++) metrics[`m${k}`] = i + k;
  run.logMetrics(metrics, { step: 1 });
  await run.end();
  return run.id;
}

const ids: string[] = [];
for (let i = 0; i < 120; i++) ids.push(await logRun(i));
const experiment = (await tracker.getRun(ids[0]!)).experimentId;
await backend.compactIndex(experiment);
for (let i = 120; i < 140; i++) ids.push(await logRun(i));
for (let i = 0; i < 10; i++) await tracker.renameRun(ids[i]!, `renamed-${i}`);
armed = true;
await backend.compactIndex(experiment);
process.stdout.write('survived\n');
