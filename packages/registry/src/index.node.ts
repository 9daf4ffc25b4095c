/**
 * @plinth/registry: registered models, auto-numbered versions, aliases with an audit trail, model cards,
 * lineage and SHA-256-verified artifacts, over any `StorageAdapter`. This is the Node entry
 * (node:crypto for hashing; artifacts may be local files; exports to plain directories).
 *
 * @packageDocumentation
 */
import { createRegistryWith, type RegistryOptions } from './create-registry.ts';
import { nodePlatform } from './internal/platform.node.ts';
import type { Registry } from './registry-api.ts';

// The public surface, identical in both entries (index.test-d.ts checks it).
export * from './public.ts';

/**
 * Creates a registry over a storage adapter (`{ storage }`) or a registry backend (`{ backend }`). Writes go
 * through compare-and-set, so several processes may share one store; a read-only storage (a static HTTP
 * export) gives a registry whose writes raise `PLINTH_READ_ONLY`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options; see {@link Registry} for the codes each method raises.
 * @example
 * ```ts
 * import { memoryStorage } from '@plinth/core/memory';
 * import { createRegistry } from '@plinth/registry';
 *
 * const registry = createRegistry({ storage: memoryStorage(), actor: 'ci' });
 * await registry.createModel('fraud');
 * const v = await registry.registerVersion('fraud', { artifact: new Uint8Array([1, 2, 3]), format: 'onnx' });
 * await registry.setAlias('fraud', 'champion', v.version, { reason: 'first model' });
 * const bytes = await registry.loadArtifact('models:/fraud@champion');
 * ```
 */
export function createRegistry(options: RegistryOptions): Registry {
  return createRegistryWith(nodePlatform, options);
}
