import { describeReceived, type ValidationIssue, validationError } from '../errors/from-zod.ts';
import { hasControlCharacters } from '../schemas/control-characters.ts';
import { assertStorageKey, assertStoragePrefix, MAX_STORAGE_KEY_LENGTH } from './keys.ts';
import type { StorageAdapter } from './port.ts';

/** Why a field's value is wrong, or `undefined` when it is fine. */
export type FieldCheck = (value: unknown) => string | undefined;

/** Longest version token a write condition may name. */
const MAX_VERSION_LENGTH = 1024;

/** True for an `AbortSignal` from any realm. */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/** True for a `Uint8Array` (a Node `Buffer` is one) from any realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]')
  );
}

/** True for an object with the methods of a {@link StorageAdapter}. */
export function isStorageAdapter(value: unknown): value is StorageAdapter {
  if (typeof value !== 'object' || value === null) return false;
  const adapter = value as Record<string, unknown>;
  return ['get', 'stat', 'put', 'delete', 'list', 'getStream', 'putStream'].every(
    (method) => typeof adapter[method] === 'function',
  );
}

const NOT_AN_ADAPTER = 'must be a storage adapter (get, stat, put, delete, list, getStream, putStream)';

/**
 * Throws unless `storage` is a storage adapter.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the argument.
 */
export function checkStorageArgument(storage: unknown, subject: string, path = 'storage'): void {
  if (isStorageAdapter(storage)) return;
  throw validationError([{ path, message: NOT_AN_ADAPTER }], {
    component: 'core',
    subject: `${subject} arguments`,
  });
}

/** Field checks shared by options objects. */
export const checks = {
  boolean: (value: unknown) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  signal: (value: unknown) => (isAbortSignal(value) ? undefined : 'must be an AbortSignal'),
  function: (value: unknown) => (typeof value === 'function' ? undefined : 'must be a function'),
  adapter: (value: unknown) => (isStorageAdapter(value) ? undefined : NOT_AN_ADAPTER),
  /** A string of 1 to `max` characters, without control characters. */
  text:
    (max: number): FieldCheck =>
    (value) => {
      if (typeof value !== 'string') return 'must be a string';
      if (value.length === 0) return 'must not be empty';
      if (value.length > max) return `must be at most ${max} characters`;
      if (hasControlCharacters(value)) return 'must not contain control characters';
      return undefined;
    },
  /** An integer in `[min, max]`. */
  integer:
    (min: number, max = Number.MAX_SAFE_INTEGER): FieldCheck =>
    (value) =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? undefined
        : `must be an integer from ${min} to ${max}`,
  oneOf:
    (values: readonly string[]): FieldCheck =>
    (value) =>
      typeof value === 'string' && values.includes(value)
        ? undefined
        : `must be one of ${values.map((item) => JSON.stringify(item)).join(', ')}`,
} as const;

/**
 * Checks an options object against its fields: `undefined` is fine unless `required`; anything but a plain
 * object, an unknown key (`__proto__` included) or a field its check rejects is a `PLINTH_VALIDATION`
 * naming the field.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkOptionsObject(
  value: unknown,
  fields: Readonly<Record<string, FieldCheck>>,
  context: { component: string; subject: string; path?: string; required?: readonly string[] },
): void {
  const at = (field: string) => (context.path ? `${context.path}.${field}` : field);
  if (value === undefined && !context.required?.length) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(
      [
        {
          path: context.path ?? '',
          message: `must be an options object, received ${describeReceived(value)}`,
        },
      ],
      context,
    );
  }
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) {
      issues.push({ path: at(key), message: `is not an option (known: ${Object.keys(fields).join(', ')})` });
      continue;
    }
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    const problem = fields[key]!(field);
    if (problem !== undefined) issues.push({ path: at(key), message: problem });
  }
  for (const key of context.required ?? []) {
    if ((value as Record<string, unknown>)[key] === undefined)
      issues.push({ path: at(key), message: 'is required' });
  }
  if (issues.length > 0) throw validationError(issues, context);
}

const cursor: FieldCheck = (value) =>
  typeof value === 'string' && value.length <= MAX_STORAGE_KEY_LENGTH
    ? undefined
    : `must be the cursor of an earlier page (a string of at most ${MAX_STORAGE_KEY_LENGTH} characters)`;
const version = checks.text(MAX_VERSION_LENGTH);

const READ_OPTIONS = { signal: checks.signal };
const WRITE_OPTIONS = { ifNotExists: checks.boolean, ifVersion: version, signal: checks.signal };
const DELETE_OPTIONS = { ifVersion: version, signal: checks.signal };
const LIST_OPTIONS = { limit: checks.integer(1), cursor, signal: checks.signal };

function checkWriteOptions(options: unknown, component: string, subject: string): void {
  checkOptionsObject(options, WRITE_OPTIONS, { component, subject, path: 'options' });
  const conditions = options as { ifNotExists?: boolean; ifVersion?: string } | undefined;
  if (conditions?.ifNotExists === true && conditions.ifVersion !== undefined) {
    throw validationError(
      [
        {
          path: 'options',
          message: 'give ifNotExists (create only) or ifVersion (replace that version), not both',
        },
      ],
      { component, subject },
    );
  }
}

function checkValue(value: unknown, component: string, subject: string): void {
  if (typeof value === 'string') {
    if (value.isWellFormed()) return;
    throw validationError(
      [{ path: 'value', message: 'is a string with lone surrogates, which UTF-8 cannot hold; pass bytes' }],
      { component, subject },
    );
  }
  if (isBytes(value)) return;
  throw validationError(
    [{ path: 'value', message: `must be a string or a Uint8Array, received ${describeReceived(value)}` }],
    { component, subject },
  );
}

function checkSource(source: unknown, component: string, subject: string): void {
  const ok =
    typeof source === 'object' &&
    source !== null &&
    !isBytes(source) &&
    (typeof (source as ReadableStream).getReader === 'function' ||
      typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
  if (ok) return;
  throw validationError(
    [
      {
        path: 'source',
        message: `must be a ReadableStream or an async iterable of Uint8Array chunks, received ${describeReceived(source)}${
          isBytes(source) || typeof source === 'string' ? ' (use put for a value in memory)' : ''
        }`,
      },
    ],
    { component, subject },
  );
}

/**
 * Wraps an adapter so every call checks its arguments before the adapter sees them: the key or prefix,
 * the value or source, and the options object (unknown keys, wrong types, `ifNotExists` with `ifVersion`,
 * a `limit` that is not a positive integer). Every adapter of `@plinth/core` is built through it, so they
 * all reject bad input alike, with `PLINTH_VALIDATION` naming the argument, before anything is written.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` from the wrapped methods.
 */
export function withArgumentChecks(component: string, adapter: StorageAdapter): StorageAdapter {
  const subject = (method: string) => `${method} arguments`;
  const read = (method: string, key: unknown, options: unknown) => {
    assertStorageKey(key, component);
    checkOptionsObject(options, READ_OPTIONS, { component, subject: subject(method), path: 'options' });
  };
  const wrapped: StorageAdapter = {
    name: adapter.name,
    readOnly: adapter.readOnly,
    // Passed through unwrapped: an adapter that offers it checks its key itself (a wrapper costs a call on the
    // hot path it exists for).
    statSync: adapter.statSync,
    async get(key, options) {
      read('get', key, options);
      return adapter.get(key, options);
    },
    async stat(key, options) {
      read('stat', key, options);
      return adapter.stat(key, options);
    },
    async getStream(key, options) {
      read('getStream', key, options);
      return adapter.getStream(key, options);
    },
    async put(key, value, options) {
      assertStorageKey(key, component);
      checkValue(value, component, subject('put'));
      checkWriteOptions(options, component, subject('put'));
      return adapter.put(key, value, options);
    },
    async putStream(key, source, options) {
      assertStorageKey(key, component);
      checkSource(source, component, subject('putStream'));
      checkWriteOptions(options, component, subject('putStream'));
      return adapter.putStream(key, source, options);
    },
    async delete(key, options) {
      assertStorageKey(key, component);
      checkOptionsObject(options, DELETE_OPTIONS, { component, subject: subject('delete'), path: 'options' });
      return adapter.delete(key, options);
    },
    async list(prefix, options) {
      assertStoragePrefix(prefix, component);
      checkOptionsObject(options, LIST_OPTIONS, { component, subject: subject('list'), path: 'options' });
      return adapter.list(prefix, options);
    },
  };
  if (adapter.close) wrapped.close = () => adapter.close!();
  return wrapped;
}
