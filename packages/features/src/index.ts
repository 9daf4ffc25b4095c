/**
 * @plinth/features: Feature store: entities, feature views, point-in-time joins in DuckDB, online store, materialization.
 *
 * @packageDocumentation
 */
export type {
  EntityKeyValue,
  OnlineCallOptions,
  OnlineReadRequest,
  OnlineReadResult,
  OnlineStore,
  OnlineValue,
  OnlineViewInfo,
  OnlineWriteBatch,
  OnlineWriteResult,
} from './online/port.ts';
export type { StorageOnlineStoreOptions } from './online/storage/options.ts';
export { storageOnlineStore } from './online/storage/store.ts';
