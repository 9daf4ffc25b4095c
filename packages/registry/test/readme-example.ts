// The README example, run as written by readme-example.test.ts.
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry, renderModelCard } from '@plinth/registry';

const registry = createRegistry({ storage: memoryStorage(), actor: 'ci' });
await registry.createModel('fraud', { description: 'Card fraud scorer', tags: { team: 'risk' } });

const signature = {
  inputs: [{ name: 'features', dtype: 'float32' as const, shape: [-1, 32] }],
  outputs: [{ name: 'score', dtype: 'float32' as const, shape: [-1, 1] }],
};
const v1 = await registry.registerVersion('fraud', {
  artifact: new TextEncoder().encode('onnx bytes of model 1'), // or a string, a stream, { path } (Node), { tracker, runId, path }
  format: 'onnx',
  signature,
  metrics: { auc: 0.91 },
  runId: 'run-1',
  datasets: [{ name: 'transactions-2026-01', digest: 'sha256:4f2a…' }],
  card: { overview: 'Scores card transactions.', owners: ['risk-ml'] },
});
const v2 = await registry.registerVersion('fraud', {
  artifact: new TextEncoder().encode('onnx bytes of model 2'),
  signature: {
    ...signature,
    outputs: [...signature.outputs, { name: 'label', dtype: 'int64' as const, shape: [-1] }],
  },
  metrics: { auc: 0.93 },
  tags: { validated: 'true' },
});
console.log(v1.version, v1.semver, v2.version, v2.semver); // 1 1.0.0 2 1.1.0 (an output was added: minor)

await registry.setAlias('fraud', 'champion', v2.version, { reason: 'beats v1 on AUC' });
const champion = await registry.getVersion('models:/fraud@champion'); // also models:/fraud/2, models:/fraud/latest
const bytes = await registry.loadArtifact(champion); // sha256 verified, else PLINTH_INTEGRITY
console.log(champion.version, champion.sha256.slice(0, 12), bytes.byteLength);

await registry.transitionStage('fraud', 2, 'production', { archiveExisting: true });
const validated = await registry.searchVersions({ filter: "name = 'fraud' and tags.validated = 'true'" });
console.log(validated.versions.map((version) => version.version)); // [ 2 ]
console.log(await registry.lineage('models:/fraud/1')); // run id and dataset digests
console.log((await registry.history('fraud')).map((event) => event.type));
console.log(renderModelCard(v1.card ?? {}, 'fraud v1'));
