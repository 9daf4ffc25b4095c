// Track a training run and register its model, on files under ./.plinth (or $PLINTH_DIR).
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';

const storage = fsStorage({ dir: process.env.PLINTH_DIR ?? '.plinth' });
const tracker = createTracker({ storage });
const registry = createRegistry({ storage, actor: 'quickstart' });

// "Train" y = w·x by gradient descent, logging the loss of every epoch.
const xs = [1, 2, 3, 4, 5];
const ys = xs.map((x) => 3 * x);
const { runId, weight } = await tracker.withRun({ experiment: 'quickstart', name: 'linear' }, async (run) => {
  await run.logParams({ learning_rate: 0.01, epochs: 50 });
  let w = 0;
  for (let epoch = 1; epoch <= 50; epoch++) {
    const gradient = xs.reduce((sum, x, i) => sum + 2 * (w * x - ys[i]!) * x, 0) / xs.length;
    w -= 0.01 * gradient;
    run.logMetric('loss', xs.reduce((sum, x, i) => sum + (w * x - ys[i]!) ** 2, 0) / xs.length, {
      step: epoch,
    });
  }
  await run.logArtifact('model.json', JSON.stringify({ weight: w }));
  return { runId: run.id, weight: w };
});

const version = await registry.registerVersion('linear', {
  artifact: { tracker, runId, path: 'model.json' }, // the run's artifact, with the run recorded as lineage
  format: 'json',
  metrics: { weight },
});
await registry.setAlias('linear', 'champion', version.version);
const champion = await registry.getVersion('models:/linear@champion');
console.log(
  `run ${runId}: weight ${weight.toFixed(3)}; registered linear v${champion.version} (sha256 ${champion.sha256.slice(0, 12)}…) as champion`,
);
await tracker.close();
