/**
 * Every error code Plinth raises. Append-only: a code, once published, keeps its meaning forever.
 *
 * @example
 * ```ts
 * if (PlinthError.is(error, PLINTH_ERROR_CODES.NOT_FOUND)) { ... }
 * ```
 */
export const PLINTH_ERROR_CODES = {
  /** Input failed validation; `details.issues` lists each offending path. */
  VALIDATION: 'PLINTH_VALIDATION',
  /** The thing asked for does not exist. */
  NOT_FOUND: 'PLINTH_NOT_FOUND',
  /** A compare-and-set lost, or a write would contradict what is stored (a param logged twice, say). */
  CONFLICT: 'PLINTH_CONFLICT',
  /** Stored bytes do not match their recorded digest. */
  INTEGRITY: 'PLINTH_INTEGRITY',
  /** The storage layer failed (I/O error, network error, quota). */
  STORAGE: 'PLINTH_STORAGE',
  /** A write was sent to a read-only adapter. */
  READ_ONLY: 'PLINTH_READ_ONLY',
  /** The adapter or feature cannot run in this runtime (fs in a browser, say). */
  UNSUPPORTED_RUNTIME: 'PLINTH_UNSUPPORTED_RUNTIME',
  /** An operation took longer than its deadline. */
  TIMEOUT: 'PLINTH_TIMEOUT',
  /** The operation was cancelled through its `AbortSignal`. */
  ABORTED: 'PLINTH_ABORTED',
  /** The operation is not supported by this adapter or backend. */
  UNSUPPORTED: 'PLINTH_UNSUPPORTED',
  /** An object was used after it was closed or ended (a run after `end()`, say). */
  CLOSED: 'PLINTH_CLOSED',
  /** Two requested features would get the same output column name; ask for full feature names. */
  FEATURE_NAME_COLLISION: 'PLINTH_FEATURE_NAME_COLLISION',
  /** A queue is full (a serving batcher at `maxQueueSize`, say); retry later or raise the limit. */
  OVERLOADED: 'PLINTH_OVERLOADED',
  /** A model could not be loaded (corrupt bytes, unsupported operator, missing runtime). */
  MODEL_LOAD: 'PLINTH_MODEL_LOAD',
  /** A model failed while running; the runtime's own error is the `cause`. */
  INFERENCE: 'PLINTH_INFERENCE',
} as const;

/** One of the stable error codes in {@link PLINTH_ERROR_CODES}. */
export type PlinthErrorCode = (typeof PLINTH_ERROR_CODES)[keyof typeof PLINTH_ERROR_CODES];
