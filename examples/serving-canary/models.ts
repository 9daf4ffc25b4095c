// Three small fraud scorers as ONNX (logistic regressions over two features, written with the demo's
// onnx-proto exporter), registered as versions 1–3 of "fraud".
import type { Registry } from '@plinth/registry';
import type { LogisticModel } from '../demo/model.ts';
import { exportToOnnx, signatureOf } from '../demo/onnx-export.ts';

const featureNames = ['amount_z', 'velocity_z'];

export const MODELS: Record<'champion' | 'challenger' | 'candidate', LogisticModel> = {
  champion: { featureNames, mean: [0, 0], std: [1, 1], weights: [1.2, 0.8], bias: -2 },
  challenger: { featureNames, mean: [0, 0], std: [1, 1], weights: [1.5, 1.1], bias: -2.2 },
  candidate: { featureNames, mean: [0, 0], std: [1, 1], weights: [0.9, 1.6], bias: -1.8 },
};

/** Registers the three models; returns their version numbers. */
export async function registerModels(registry: Registry): Promise<Record<keyof typeof MODELS, number>> {
  const versions = {} as Record<keyof typeof MODELS, number>;
  for (const [alias, model] of Object.entries(MODELS) as Array<[keyof typeof MODELS, LogisticModel]>) {
    const version = await registry.registerVersion('fraud', {
      artifact: exportToOnnx(model),
      format: 'onnx',
      signature: signatureOf(model),
    });
    await registry.setAlias('fraud', alias, version.version);
    versions[alias] = version.version;
  }
  return versions;
}

/** The expected score, computed in plain TypeScript. */
export function expectedScore(model: LogisticModel, features: readonly number[]): number {
  const logit = model.bias + model.weights.reduce((sum, weight, i) => sum + weight * features[i]!, 0);
  return 1 / (1 + Math.exp(-logit));
}
