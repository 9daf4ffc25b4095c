import { bytesToText, listAllKeys, NameSchema, type StorageAdapter, type WriteResult } from '@plinth/core';
import { checkOptions, describe, errors, invalid, isPlainObject } from '../errors.ts';
import { checkProfile, profileFromJSON, profileToJSON } from '../profile/profile.ts';
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
  /** Write only when no profile has this name yet (else `PLINTH_CONFLICT`). */
  ifNotExists?: boolean;
  /** Write only when the stored version is this one (from `load`), else `PLINTH_CONFLICT`. */
  ifVersion?: string;
}

/** Reference profiles by name over a `StorageAdapter`: the monitoring package's `ProfileStore` port. */
export interface ProfileStore {
  /**
   * Stores a profile under a name (replacing it unless a condition says otherwise). The profile is validated
   * as `profileFromJSON` validates it before anything is written.
   * @throws {PlinthError} `PLINTH_VALIDATION` for a bad name, profile or option; `PLINTH_CONFLICT` when a condition fails.
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
  if (!isPlainObject(options)) {
    throw invalid(`profileStore options must be an object { storage, prefix? }, got ${describe(options)}`, {
      argument: 'options',
    });
  }
  checkOptions(options, ['storage', 'prefix'], 'profileStore options');
  const { storage } = options;
  if (
    storage === null ||
    typeof storage !== 'object' ||
    typeof storage.get !== 'function' ||
    typeof storage.put !== 'function' ||
    typeof storage.delete !== 'function'
  ) {
    throw invalid(
      `profileStore storage must be a StorageAdapter (memoryStorage(), fsStorage(…), …), got ${describe(storage)}`,
      {
        argument: 'storage',
      },
    );
  }
  const prefix = options.prefix ?? 'monitoring/profiles/';
  if (typeof prefix !== 'string' || prefix.length > 512 || (prefix !== '' && !prefix.endsWith('/'))) {
    throw invalid(`profileStore prefix must be a key prefix ending in "/", got ${describe(prefix)}`, {
      argument: 'prefix',
    });
  }
  const keyOf = (name: string) => {
    errors.parse(NameSchema, name, 'profile name');
    return `${prefix}${name}.json`;
  };
  const list = async () =>
    (await listAllKeys(storage, prefix))
      .filter((key) => key.endsWith('.json'))
      .map((key) => key.slice(prefix.length, -'.json'.length))
      .sort();

  return {
    async save(name, profile, conditions) {
      const key = keyOf(name);
      const checked = checkProfile(profile, 'profile to save');
      const write = checkOptions(conditions, ['ifNotExists', 'ifVersion'], 'save options');
      if (write.ifNotExists !== undefined && typeof write.ifNotExists !== 'boolean') {
        throw invalid(`save ifNotExists must be true or false, got ${describe(write.ifNotExists)}`, {
          argument: 'ifNotExists',
        });
      }
      if (
        write.ifVersion !== undefined &&
        (typeof write.ifVersion !== 'string' || write.ifVersion.length > 1000)
      ) {
        throw invalid(
          `save ifVersion must be a version string from load(), got ${describe(write.ifVersion)}`,
          {
            argument: 'ifVersion',
          },
        );
      }
      return storage.put(key, profileToJSON(checked), conditions);
    },
    async load(name) {
      const entry = await storage.get(keyOf(name));
      if (!entry) {
        const names = await list().catch(() => undefined);
        const existing =
          names === undefined
            ? 'this storage cannot list'
            : `profiles that exist: ${names.map((n) => `"${n}"`).join(', ') || 'none'}`;
        throw errors.error(
          'PLINTH_NOT_FOUND',
          `no profile "${name}" (${existing}); save one with profileStore(…).save()`,
          { details: { name, existing: names } },
        );
      }
      return { profile: profileFromJSON(bytesToText(entry.value)), version: entry.version };
    },
    list,
    delete: async (name) => storage.delete(keyOf(name)),
  };
}
