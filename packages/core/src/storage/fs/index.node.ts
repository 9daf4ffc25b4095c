/**
 * `@plinth/core/fs` in Node: the durable file-system storage adapter.
 *
 * @packageDocumentation
 */
export { fsStorage } from './adapter.ts';
export type { FsStorageOptions } from './options.ts';
