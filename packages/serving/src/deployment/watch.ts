// Hot swap: follow a registry alias; load and warm the new version beside the old one, then swap it in.
import type { ModelVersion } from '@plinth/registry';
import type { LoadModel } from '../model/load-model.ts';
import type { Model } from '../model/types.ts';
import type { Events } from './events.ts';
import type { RouteState } from './route-state.ts';
import { createSlot, retireSlot } from './slots.ts';
import type { WatchOptions } from './types.ts';

/** A running watch. */
export interface Watch {
  /** Settles once the alias's first version is in service (or failed to load, reported as `swap-error`). */
  ready: Promise<void>;
  /** Stops polling and waits for a swap in progress. */
  stop(): Promise<void>;
}

/** Starts following `options.uri` for `route`. */
export function startWatch(
  options: WatchOptions,
  route: RouteState,
  context: {
    wrap: (model: Model) => Model;
    isClosed: () => boolean;
    emit: Events['emit'];
    loadModel: LoadModel;
  },
): Watch {
  const [modelName, alias] = options.uri.slice('models:/'.length).split('@') as [string, string];
  const load =
    options.load ??
    ((version: ModelVersion) =>
      context.loadModel(
        { registry: options.registry, uri: `models:/${version.name}/${version.version}` },
        { warmup: true, ...options.loadOptions },
      ));
  let chain = Promise.resolve();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  async function swapTo(version: ModelVersion | undefined) {
    if (context.isClosed() || version === undefined) return;
    const current = route.slot.model;
    if (current.modelName === version.name && current.modelVersion === version.version) return;
    try {
      const loaded = await load(version);
      if (context.isClosed()) {
        await loaded.dispose();
        return;
      }
      const wrapped = context.wrap(loaded);
      const previous = route.slot;
      route.slot = createSlot(wrapped, loaded, true);
      retireSlot(previous);
      context.emit({
        type: 'swap',
        route: route.name,
        fromVersion: previous.model.modelVersion,
        toVersion: wrapped.modelVersion ?? version.version,
      });
    } catch (error) {
      context.emit({ type: 'swap-error', route: route.name, version: version.version, error });
    }
  }

  const stopPolling = options.registry.watchAlias(
    modelName,
    alias,
    (version) => {
      chain = chain.then(() => swapTo(version)).then(markReady);
    },
    {
      intervalMs: options.intervalMs ?? 1000,
      onError: (error) => context.emit({ type: 'swap-error', route: route.name, version: undefined, error }),
    },
  );
  return {
    ready,
    async stop() {
      stopPolling();
      markReady();
      await chain;
    },
  };
}
