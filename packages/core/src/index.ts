/**
 * @plinth/core: errors, shared schemas, ids, clock and the storage port every Plinth package stands on.
 * Runtime-neutral: safe to import in Node, browsers and edge workers. Adapters live in subpaths
 * (`@plinth/core/memory`, `/fs`, `/idb`, `/http`, `/cached`); helpers for adapter authors in
 * `@plinth/core/adapter`.
 *
 * @packageDocumentation
 */
export { type Clock, type ManualClock, manualClock, systemClock } from './clock.ts';
export { PLINTH_ERROR_CODES, type PlinthErrorCode } from './errors/codes.ts';
export { type ComponentErrors, componentErrors } from './errors/component-errors.ts';
export {
  type AnySchema,
  fromZodError,
  parseOrThrow,
  type ValidationIssue,
  validationError,
} from './errors/from-zod.ts';
export { PlinthError, type PlinthErrorOptions, plinthError } from './errors/plinth-error.ts';
export { isUuidv7, uuidv7, uuidv7Time } from './ids.ts';
export { hasControlCharacters } from './schemas/control-characters.ts';
export { type DatasetRef, DatasetRefSchema, DatasetSourceSchema } from './schemas/dataset.ts';
export {
  isSafeRelativePath,
  type Key,
  KeySchema,
  MAX_KEY_LENGTH,
  MAX_NAME_LENGTH,
  type Name,
  NameSchema,
  RelativePathSchema,
} from './schemas/names.ts';
export {
  type ColumnDtype,
  ColumnDtypeSchema,
  type ColumnSpec,
  ColumnSpecSchema,
  DimensionSchema,
  type Signature,
  SignatureSchema,
  type TensorDtype,
  TensorDtypeSchema,
  type TensorSpec,
  TensorSpecSchema,
} from './schemas/signature.ts';
export { MAX_TAG_VALUE_LENGTH, type Tags, TagsSchema, TagValueSchema } from './schemas/tags.ts';
export { type EpochMs, type TimestampInput, TimestampSchema, toEpochMs } from './schemas/timestamp.ts';
export { bytesToText, collectBytes, textToBytes } from './storage/bytes.ts';
export { decodeJson, encodeJson } from './storage/json.ts';
export { MAX_STORAGE_KEY_LENGTH } from './storage/keys.ts';
export { listAll, listAllKeys } from './storage/list-all.ts';
export {
  type ByteSource,
  DEFAULT_LIST_LIMIT,
  type DeleteOptions,
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type ReadOptions,
  type StorageAdapter,
  type StorageAdapterFactory,
  type StorageEntry,
  type StorageStat,
  type StorageStreamEntry,
  type StorageValue,
  type WriteOptions,
  type WriteResult,
} from './storage/port.ts';
