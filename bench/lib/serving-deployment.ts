// Sections of `npm run bench -- serving` for deployments (createDeployment): shadow traffic cost on the primary
// answer, and batched throughput through a deployment.
import { createDeployment, type Deployment, loadModel } from '../../packages/serving/src/index.node.ts';
import { mlpModel } from '../../packages/serving/test/models/models.ts';
import { randomFloats } from '../../packages/serving/test/models/onnx-builder.ts';
import { median, percentile } from './harness.ts';

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const pause = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Shadow at 100 %: p50 of the primary answer with a shadow route vs without, same run. Requests arrive one at a
 * time with an event-loop turn between them (as from a network); blocks of the two deployments alternate, and
 * each shadow block drains its copies before the next block starts.
 */
export async function shadowSection() {
  const mlp = mlpModel();
  const primary = await loadModel({ bytes: mlp.bytes }, { warmup: true });
  const candidate = await loadModel({ bytes: mlpModel(2).bytes }, { warmup: true });
  const plain = createDeployment({ routes: [{ name: 'champion', model: primary }] });
  const shadowed = createDeployment({
    routes: [{ name: 'champion', model: primary }],
    shadow: [{ name: 'candidate', model: candidate, percent: 100 }],
  });
  let shadowsDone = 0;
  shadowed.on('shadow', () => {
    shadowsDone += 1;
  });
  const rows = Array.from({ length: 64 }, (_, index) => randomFloats(32, 700 + index));
  const times = { plain: [] as number[], shadowed: [] as number[] };
  const block = async (deployment: Deployment, into: number[] | undefined, count: number) => {
    for (let index = 0; index < count; index++) {
      const start = performance.now();
      await deployment.predict({ features: { data: rows[index % rows.length]!, dims: [1, 32] } });
      into?.push(performance.now() - start);
      await pause();
    }
  };
  const drain = async (expected: number) => {
    while (shadowsDone < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  let sent = 0;
  await block(plain, undefined, 500);
  await block(shadowed, undefined, 500);
  sent += 500;
  await drain(sent);
  for (let round = 0; round < 20; round++) {
    await block(plain, times.plain, 250);
    await block(shadowed, times.shadowed, 250);
    sent += 250;
    await drain(sent);
  }
  const dropped = shadowed.stats().shadow[0]!.dropped;
  await shadowed.close();
  await plain.close();
  await primary.dispose();
  await candidate.dispose();
  const p50Plain = median(times.plain);
  const p50Shadowed = median(times.shadowed);
  return {
    ratios: { 'shadow 100% primary p50 / no shadow p50': p50Shadowed / p50Plain },
    extra: {
      'deployment predict p50 µs (no shadow)': round3(p50Plain * 1000),
      'deployment predict p50 µs (shadow 100%)': round3(p50Shadowed * 1000),
      'deployment predict p95 µs (no shadow / shadow)': [
        round3(percentile(times.plain, 95) * 1000),
        round3(percentile(times.shadowed, 95) * 1000),
      ],
      'shadow copies dropped': dropped,
      'shadow primary p50 ≤ 1.05× no shadow': p50Shadowed <= 1.05 * p50Plain,
    },
  };
}
