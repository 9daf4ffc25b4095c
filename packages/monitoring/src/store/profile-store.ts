import {
  bytesToText,
  listAllKeys,
  NameSchema,
  PlinthError,
  parseOrThrow,
  type StorageAdapter,
  type WriteResult,
} from '@plinth/core';
import { profileFromJSON, profileToJSON } from '../profile/profile.ts';
import type { Profile } from '../profile/schema.ts';

/** Options of {@link profileStore}. */
export interface ProfileStoreOptions {
  /** Where profiles are kept (any adapter: memory, fs, IndexedDB, or a read-only HTTP export). */
  storage: StorageAdapter;
  /** Key prefix. @default 'monitoring/profiles/' */
  prefix?: string;
}

/** Conditions of {@link ProfileStore.save}: create only, or replace only the version you read. */
export interface SaveProfileOptions {
  ifNotExists?: boolean;
  ifVersion?: string;
}

/** Reference profiles by name over a `StorageAdapter`: the monitoring package's `ProfileStore` port. */
export interface ProfileStore {
  /**
   * Stores a profile under a name (replacing it unless a condition says otherwise).
   * @throws {PlinthError} `PLINTH_VALIDATION` for a bad name; `PLINTH_CONFLICT` when a condition fails.
   */
  save(name: string, profile: Profile, options?: SaveProfileOptions): Promise<WriteResult>;
  /**
   * A stored profile, validated as `profileFromJSON` does, with the storage version to pass as `ifVersion`.
   * @throws {PlinthError} `PLINTH_NOT_FOUND` naming the profiles that exist.
   */
  load(name: string): Promise<{ profile: Profile; version: string }>;
  /** Names of the stored profiles, sorted. */
  list(): Promise<string[]>;
  /** Removes a profile; `false` when there was none. */
  delete(name: string): Promise<boolean>;
}

const COMPONENT = 'monitoring';

/**
 * Keeps reference profiles by name in any `StorageAdapter`, so a service can load the training profile its
 * monitors compare against (and a browser can read one from a static export over `httpStorage`).
 *
 * @example
 * ```ts
 * const profiles = profileStore({ storage: fsStorage({ dir: '.plinth' }) });
 * await profiles.save('fraud-v3-training', createProfile(trainingTable));
 * const { profile } = await profiles.load('fraud-v3-training');
 * ```
 */
export function profileStore(options: ProfileStoreOptions): ProfileStore {
  const { storage } = options;
  const prefix = options.prefix ?? 'monitoring/profiles/';
  const keyOf = (name: string) => {
    parseOrThrow(NameSchema, name, { component: COMPONENT, subject: 'profile name' });
    return `${prefix}${name}.json`;
  };
  const list = async () =>
    (await listAllKeys(storage, prefix))
      .filter((key) => key.endsWith('.json'))
      .map((key) => key.slice(prefix.length, -'.json'.length))
      .sort();

  return {
    save: async (name, profile, conditions) => storage.put(keyOf(name), profileToJSON(profile), conditions),
    async load(name) {
      const entry = await storage.get(keyOf(name));
      if (!entry) {
        const names = await list().catch(() => undefined);
        const existing =
          names === undefined
            ? 'this storage cannot list'
            : `profiles that exist: ${names.map((n) => `"${n}"`).join(', ') || 'none'}`;
        throw new PlinthError({
          code: 'PLINTH_NOT_FOUND',
          component: COMPONENT,
          message: `no profile "${name}" (${existing}); save one with profileStore(…).save()`,
          details: { name, existing: names },
        });
      }
      return { profile: profileFromJSON(bytesToText(entry.value)), version: entry.version };
    },
    list,
    delete: async (name) => storage.delete(keyOf(name)),
  };
}
