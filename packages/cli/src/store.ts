import { stat } from 'node:fs/promises';
import type { StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { type ProfileStore, profileStore } from '@plinth/monitoring';
import { createRegistry, type Registry } from '@plinth/registry';
import { createTracker, type Tracker } from '@plinth/tracking';
import type { CliContext } from './context.ts';
import { cliErrors } from './errors.ts';

/** A `.plinth` folder opened the way the demo writes it: tracker, registry and profiles over one fsStorage. */
export interface Store {
  /** The folder, absolute. */
  readonly dir: string;
  readonly storage: StorageAdapter;
  readonly tracker: Tracker;
  readonly registry: Registry;
  readonly profiles: ProfileStore;
  /** Stops the tracker's timers and releases the storage. */
  close(): Promise<void>;
}

/**
 * Opens the store in `dir` (resolved against the working directory). A missing folder is an error, never
 * created: reading commands must not leave empty stores behind a typo.
 * @throws {PlinthError} `PLINTH_NOT_FOUND` when the folder does not exist or is not a folder.
 */
export async function openStore(
  context: CliContext,
  dir: string,
  options: { actor?: string } = {},
): Promise<Store> {
  const resolved = context.resolvePath(dir);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw cliErrors.error(
      'PLINTH_NOT_FOUND',
      `no Plinth store at ${resolved}${info ? ' (it is a file, not a folder)' : ''}; pass --dir <folder> (the folder your code opens with fsStorage({ dir }))`,
      { details: { dir: resolved } },
    );
  }
  const storage = fsStorage({ dir: resolved });
  const tracker = createTracker({ storage, exitHandler: false, heartbeatMs: 0, systemTags: false });
  const registry = createRegistry({ storage, ...(options.actor ? { actor: options.actor } : {}) });
  const profiles = profileStore({ storage });
  return {
    dir: resolved,
    storage,
    tracker,
    registry,
    profiles,
    async close() {
      await tracker.close();
      await storage.close?.();
    },
  };
}

/** Runs `body` with the store open, closing it after (also on error). */
export async function withStore<T>(
  context: CliContext,
  dir: string,
  body: (store: Store) => Promise<T>,
  options: { actor?: string } = {},
): Promise<T> {
  const store = await openStore(context, dir, options);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
