import { type ManualClock, manualClock } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createProfile, detectDrift, profileStore } from '@plinth/monitoring';
import { createRegistry, type Registry } from '@plinth/registry';
import { createTracker, type Tracker } from '@plinth/tracking';
import type { UiProfiles } from '../src/options.ts';

/** A seeded store: an experiment of runs with params, metrics, tags, artifacts and inputs; a model; drift. */
export interface Seeded {
  tracker: Tracker;
  registry: Registry;
  profiles: UiProfiles;
  clock: ManualClock;
  runIds: string[];
  experimentId: string;
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#2563eb"/><script>window.__svgRan = 1</script></svg>';
// a 1×1 PNG
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (char) => char.charCodeAt(0),
);

/** Seeds `runs` runs of `steps` metric points each in experiment "fraud", a registry and drift results. */
export async function seedStore(
  options: { runs?: number; steps?: number; names?: (index: number) => string } = {},
): Promise<Seeded> {
  const clock = manualClock(Date.UTC(2026, 10, 30, 9, 0, 0), 1000);
  const storage = memoryStorage();
  const tracker = createTracker({ storage, clock, systemTags: false, exitHandler: false, heartbeatMs: 0 });
  const runIds: string[] = [];
  const count = options.runs ?? 6;
  const steps = options.steps ?? 50;
  for (let index = 0; index < count; index++) {
    const lr = [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003][index % 6]!;
    const model = index % 2 === 0 ? 'mlp' : 'gbm';
    const run = await tracker.startRun({
      experiment: 'fraud',
      name: options.names?.(index) ?? `run-${String(index).padStart(3, '0')}`,
      tags: { team: index % 3 === 0 ? 'risk' : 'growth' },
    });
    await run.logParams({ lr, model, layers: 2 + (index % 3) });
    for (let step = 0; step < steps; step++) {
      const progress = (step + 1) / steps;
      run.logMetrics(
        { loss: (1 - progress * 0.8) * (1 + index / 10), acc: 0.5 + 0.4 * progress * (1 - index / 20) },
        { step },
      );
    }
    run.logMetric('system/cpu_percent', 40 + index, { step: 1 });
    run.logMetric('system/cpu_percent', 55 + index, { step: 2 });
    if (index === 0) {
      await run.logArtifact('notes/readme.txt', 'line one\nline two\n');
      await run.logArtifact('metrics/summary.json', JSON.stringify({ auc: 0.91, folds: [1, 2, 3] }));
      await run.logArtifact('data/head.csv', 'id,amount,label\n1,12.5,0\n2,"3,000",1\n3,7.25,0\n');
      await run.logArtifact('plots/roc.svg', SVG);
      await run.logArtifact('plots/pixel.png', PNG);
      await run.logInput({ dataset: { name: 'transactions', digest: 'sha256:4f2a9c' }, context: 'training' });
    }
    await run.end({ status: index === count - 1 ? 'failed' : 'finished' });
    runIds.push(run.id);
  }
  const experimentId = (await tracker.getExperiment('fraud')).id;

  const registry = createRegistry({ storage, clock, actor: 'ci' });
  await registry.createModel('fraud-scorer', {
    description: 'Scores card transactions.',
    tags: { team: 'risk' },
  });
  for (let index = 0; index < 2; index++) {
    await registry.registerVersion('fraud-scorer', {
      artifact: `onnx bytes ${index}`,
      metrics: { auc: 0.9 + index / 100 },
      runId: runIds[index],
      datasets: [{ name: 'transactions', digest: 'sha256:4f2a9c' }],
      card: {
        overview: `Version ${index + 1} of the scorer.`,
        owners: ['risk-ml'],
        evaluationMetrics: { auc: 0.9 + index / 100 },
      },
    });
  }
  await registry.setAlias('fraud-scorer', 'champion', 1, { reason: 'first model' });

  const reference = {
    amount: Float64Array.from({ length: 500 }, (_, i) => 10 + (i % 50)),
    plan: Array.from({ length: 500 }, (_, i) => (i % 3 ? 'free' : 'pro')),
  };
  const current = {
    amount: Float64Array.from({ length: 300 }, (_, i) => 30 + (i % 50)),
    plan: Array.from({ length: 300 }, (_, i) => (i % 3 ? 'free' : 'pro')),
  };
  const store = profileStore({ storage });
  await store.save('transactions-training', createProfile(reference));
  const profiles: UiProfiles = {
    store,
    results: [
      {
        name: 'november batch',
        result: detectDrift(reference, current),
        generatedAt: Date.UTC(2026, 10, 30),
      },
    ],
  };
  return { tracker, registry, profiles, clock, runIds, experimentId };
}
