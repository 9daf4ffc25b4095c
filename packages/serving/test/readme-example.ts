// The README's example, verbatim below this line (readme-example.test.ts checks both and runs this file).
import { readFile } from 'node:fs/promises';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { createBatcher, loadModel } from '@plinth/serving';

// an MLP exported to ONNX: input "features" float32 [batch, 32], output "score" float32 [batch, 1]
const artifact = await readFile(process.argv[2] ?? 'fraud.onnx');
const registry = createRegistry({ storage: memoryStorage(), actor: 'ci' });
const signature = {
  inputs: [{ name: 'features', dtype: 'float32' as const, shape: [-1, 32] }],
  outputs: [{ name: 'score', dtype: 'float32' as const, shape: [-1, 1] }],
};
const v1 = await registry.registerVersion('fraud', { artifact, format: 'onnx', signature });
await registry.setAlias('fraud', 'champion', v1.version);

// sha256-verified load; the signature comes from the version (or from the ONNX graph when none was registered)
const model = await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true });
console.log(model.source, model.modelName, model.modelVersion);

const rows = [new Array(32).fill(0.1), new Array(32).fill(-0.2)]; // number[][], a Float32Array, { data, dims } or Arrow
const { score } = await model.predict({ features: rows });
console.log(score?.dims, score?.data.length);

try {
  await model.predict({ features: new Float64Array(32) }); // checked before ONNX Runtime sees it
} catch (error) {
  console.log((error as { code: string }).code);
}

// dynamic batching: concurrent single-row requests share one session.run
const batched = createBatcher(model, { maxBatchSize: 64, queueTimeoutMs: 1000 });
const answers = await Promise.all(
  Array.from({ length: 256 }, (_, index) => batched.predict({ features: [new Array(32).fill(index / 256)] })),
);
const stats = batched.stats();
console.log(answers.length, stats.batches, stats.batchSize.p50);
await batched.dispose(); // also disposes the model
