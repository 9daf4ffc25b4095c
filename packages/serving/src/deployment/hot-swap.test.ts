import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { type Double, deferred, double, row } from './doubles.test-data.ts';
import type { DeploymentEvent } from './types.ts';

async function registryWithTwoVersions() {
  const registry = createRegistry({ storage: memoryStorage() });
  await registry.registerVersion('fraud', { artifact: new Uint8Array([1]), format: 'onnx' });
  await registry.registerVersion('fraud', { artifact: new Uint8Array([2]), format: 'onnx' });
  await registry.setAlias('fraud', 'champion', 1);
  return registry;
}

describe('hot swap (registry alias, Model-shaped doubles)', () => {
  it('loads the new version beside the old, swaps, lets in-flight requests finish on the old one, then disposes it', async () => {
    const registry = await registryWithTwoVersions();
    const gate = deferred();
    let holdNext = false;
    const v1 = double({
      version: 1,
      before: () => {
        if (holdNext) {
          holdNext = false;
          return gate.promise;
        }
      },
    });
    const loaded: Double[] = [];
    const events: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: [{ name: 'champion', model: v1 }],
      watch: {
        registry,
        uri: 'models:/fraud@champion',
        intervalMs: 5,
        load: async (version) => {
          const model = double({ version: version.version, factor: 10 });
          loaded.push(model);
          return model;
        },
      },
      onEvent: (event) => events.push(event),
    });
    await deployment.ready();
    // the alias already points at the version being served: nothing loaded
    expect(loaded).toHaveLength(0);
    holdNext = true;
    const inFlight = deployment.predict(row(1, 1));
    const swapped = new Promise((resolve) => deployment.on('swap', resolve));
    await registry.setAlias('fraud', 'champion', 2);
    expect(await swapped).toMatchObject({ route: 'champion', fromVersion: 1, toVersion: 2 });
    // new requests go to v2 while the v1 request is still running; v1 is not disposed yet
    const after = await deployment.predict(row(1, 1));
    expect(after.modelVersion).toBe(2);
    expect(Array.from(after.outputs.y!.data as Float32Array)).toEqual([20]);
    expect(v1.disposed).toBe(false);
    gate.resolve();
    const before = await inFlight;
    expect(before.modelVersion).toBe(1);
    expect(Array.from(before.outputs.y!.data as Float32Array)).toEqual([2]);
    await expect.poll(() => v1.disposed).toBe(true);
    expect(deployment.stats().routes[0]).toMatchObject({ modelVersion: 2, errors: 0 });
    await deployment.close();
    expect(loaded[0]!.disposed).toBe(true);
    expect(events.filter((event) => event.type === 'swap-error')).toEqual([]);
  });

  it('keeps serving the old model when the new one fails to load, with a swap-error event', async () => {
    const registry = await registryWithTwoVersions();
    const deployment = createDeployment({
      routes: [{ name: 'champion', model: double({ version: 1 }) }],
      watch: {
        registry,
        uri: 'models:/fraud@champion',
        intervalMs: 5,
        load: async () => {
          throw new Error('corrupt');
        },
      },
    });
    await deployment.ready();
    const failed = new Promise<DeploymentEvent>((resolve) => deployment.on('swap-error', resolve));
    await registry.setAlias('fraud', 'champion', 2);
    expect(await failed).toMatchObject({ route: 'champion', version: 2 });
    expect((await deployment.predict(row())).modelVersion).toBe(1);
    await deployment.close();
  });
});
