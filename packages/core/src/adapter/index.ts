/**
 * `@plinth/core/adapter`: helpers for authors of storage adapters and of tracking or registry backends built
 * on storage. They enforce the port's rules the way core's own adapters do (key checks, compare-and-set
 * conflicts, cancellation, paging, argument checks), so a new adapter reports errors like every other one.
 * The zod-free option checks (`checkOptionKeys`, `describeValue`, `isPlainObject`) are the ones every Plinth
 * package's public entries use, so a new package or backend rejects bad options in the same words.
 * Applications do not need this entry.
 *
 * @packageDocumentation
 */
export {
  type Backoff,
  type BackoffJitter,
  type BackoffOptions,
  type BackoffRunOptions,
  backoff,
} from '../backoff.ts';
export * from '../mlflow/index.ts';
export {
  type CheckOptionKeysSettings,
  checkOptionKeys,
  describeValue,
  isPlainObject,
} from '../option-checks.ts';
export { isStorageAdapter, withArgumentChecks } from '../storage/arguments.ts';
export { bytesEqual, bytesToStream, concatBytes, iterateBytes, toBytes } from '../storage/bytes.ts';
export { checkWriteConditions, readOnlyError, throwIfAborted } from '../storage/conditions.ts';
export {
  type Document,
  type DocumentStore,
  type DocumentStoreOptions,
  documentStore,
} from '../storage/documents.ts';
export {
  DEFAULT_STATIC_INDEX_KEY,
  type StaticIndex,
  StaticIndexSchema,
  type WriteStaticIndexOptions,
  writeStaticIndex,
} from '../storage/http/static-index.ts';
export {
  assertStorageKey,
  assertStoragePrefix,
  listLimit,
  lowerBound,
  pageSortedKeys,
  storageKeyProblem,
} from '../storage/keys.ts';
