import type * as zc from 'zod/v4/core';
import { backoff } from '../backoff.ts';
import { type AnySchema, fromZodError, safeParseDescribed, validationError } from '../errors/from-zod.ts';
import { PlinthError } from '../errors/plinth-error.ts';
import { checkOptionsObject, checkStorageArgument, checks } from './arguments.ts';
import { decodeJson, encodeJson } from './json.ts';
import type { StorageAdapter, WriteOptions, WriteResult } from './port.ts';

/** A typed JSON document read from storage, with the version to pass back for compare-and-set. */
export interface Document<T> {
  value: T;
  version: string;
}

/** Options of {@link documentStore}. */
export interface DocumentStoreOptions {
  /** Component named in errors. @default 'core' */
  component?: string;
  /** Most attempts `update` makes when other writers keep winning. @default 50 */
  maxAttempts?: number;
}

/** Typed JSON documents over a {@link StorageAdapter}; see {@link documentStore}. */
export interface DocumentStore {
  /**
   * Reads and validates a document; `undefined` when absent.
   * @throws {PlinthError} `PLINTH_STORAGE` when the stored bytes are not JSON or do not match the schema.
   */
  get<S extends AnySchema>(key: string, schema: S): Promise<Document<zc.output<S>> | undefined>;
  /** Writes a document (with the adapter's compare-and-set conditions). */
  put(key: string, value: unknown, options?: WriteOptions): Promise<WriteResult>;
  /**
   * Read-modify-write with compare-and-set, retried until it wins. `update` receives the current value
   * (`undefined` when absent) and returns the new one, or `undefined` to leave the document as it is.
   * @throws {PlinthError} `PLINTH_CONFLICT` after `maxAttempts` lost races.
   */
  update<S extends AnySchema>(
    key: string,
    schema: S,
    update: (
      current: zc.output<S> | undefined,
    ) => zc.output<S> | undefined | Promise<zc.output<S> | undefined>,
  ): Promise<Document<zc.output<S>> | undefined>;
}

/**
 * Typed JSON documents over any storage adapter, validated with a zod schema on every read.
 *
 * @example
 * ```ts
 * const docs = documentStore(storage, { component: 'registry' });
 * await docs.update('models/fraud/meta.json', ModelSchema, (current) => ({ ...current, description }));
 * ```
 */
export function documentStore(storage: StorageAdapter, options: DocumentStoreOptions = {}): DocumentStore {
  checkStorageArgument(storage, 'documentStore');
  checkOptionsObject(
    options,
    { component: checks.text(64), maxAttempts: checks.integer(1, 10_000) },
    { component: 'core', subject: 'documentStore options', path: 'options' },
  );
  const component = options.component ?? 'core';
  const retries = backoff({ component, maxAttempts: options.maxAttempts ?? 50 });
  const checkSchema = (schema: unknown) => {
    if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) {
      throw validationError([{ path: 'schema', message: 'must be a zod schema (zod or zod/mini)' }], {
        component,
        subject: 'document schema',
      });
    }
  };

  const get: DocumentStore['get'] = async (key, schema) => {
    checkSchema(schema);
    const entry = await storage.get(key);
    if (!entry) return undefined;
    let raw: unknown;
    try {
      raw = decodeJson(entry.value);
    } catch (cause) {
      throw new PlinthError({
        code: 'PLINTH_STORAGE',
        component,
        message: `document "${key}" in ${storage.name} storage is not valid JSON; restore it from a backup or delete it`,
        cause,
      });
    }
    const parsed = safeParseDescribed(schema, raw);
    if (!parsed.success) {
      const invalid = fromZodError(parsed.error, { component, subject: `stored document "${key}"` });
      throw new PlinthError({
        code: 'PLINTH_STORAGE',
        component,
        message: `${invalid.message.replace(/^\[plinth:[^\]]+\] /, '')} (was it written by another version of Plinth?)`,
        cause: invalid,
        details: invalid.details,
      });
    }
    return { value: parsed.data, version: entry.version };
  };

  return {
    get,
    put: async (key, value, writeOptions) => storage.put(key, encodeJson(value), writeOptions),
    async update(key, schema, update) {
      checkSchema(schema);
      if (typeof update !== 'function') {
        throw validationError([{ path: 'update', message: 'must be a function (current) => next' }], {
          component,
          subject: 'update arguments',
        });
      }
      return retries.run(
        async () => {
          const current = await get(key, schema);
          const next = await update(current?.value);
          if (next === undefined) return current;
          const conditions = current ? { ifVersion: current.version } : { ifNotExists: true };
          const { version } = await storage.put(key, encodeJson(next), conditions);
          return { value: next, version };
        },
        { retryIf: (error) => PlinthError.is(error, 'PLINTH_CONFLICT') },
      );
    },
  };
}
