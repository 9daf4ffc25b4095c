/**
 * `@plinth/core/fs` in browsers: the same surface as in Node, but `fsStorage()` throws, since browsers
 * have no file system. Use `idbStorage` (`@plinth/core/idb`) or `memoryStorage` (`@plinth/core/memory`).
 *
 * @packageDocumentation
 */
import { PlinthError } from '../../errors/plinth-error.ts';
import type { StorageAdapterFactory } from '../port.ts';
import type { FsStorageOptions } from './options.ts';

export type { FsStorageOptions } from './options.ts';

/**
 * Not available in browsers.
 *
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME`, always.
 * @example
 * ```ts
 * import { idbStorage } from '@plinth/core/idb'; // in browsers, instead of fsStorage
 * ```
 */
export const fsStorage: StorageAdapterFactory<FsStorageOptions> = () => {
  throw new PlinthError({
    code: 'PLINTH_UNSUPPORTED_RUNTIME',
    component: 'storage:fs',
    message:
      'fsStorage needs Node.js file-system access, which browsers do not have; use idbStorage (@plinth/core/idb) or memoryStorage (@plinth/core/memory) in browsers',
  });
};
