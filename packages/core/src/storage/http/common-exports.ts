// What both runtime entries of `@plinth/core/http` export besides `httpStorage`.
export type { HttpFetch, HttpRequestInit, HttpResponseLike, HttpStorageOptions } from './options.ts';
export {
  DEFAULT_STATIC_INDEX_KEY,
  type StaticIndex,
  StaticIndexSchema,
  type WriteStaticIndexOptions,
  writeStaticIndex,
} from './static-index.ts';
