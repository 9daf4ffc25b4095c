import { hasControlCharacters, type ValidationIssue } from '@plinth/core';
import { entityKeyProblem } from './entity-key.ts';
import { errors } from './errors.ts';
import type { OnlineReadRequest, OnlineViewInfo, OnlineWriteBatch } from './port.ts';

/** Longest view, join key or feature name an online store accepts. */
export const MAX_ONLINE_NAME_LENGTH = 256;
/** Longest metadata key. */
export const MAX_META_KEY_LENGTH = 512;
/** Largest metadata value, in characters. */
export const MAX_META_VALUE_LENGTH = 1024 * 1024;

function nameProblem(value: unknown, max = MAX_ONLINE_NAME_LENGTH): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  if (hasControlCharacters(value) || !value.isWellFormed()) {
    return 'must be well-formed text without control characters';
  }
  return undefined;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    typeof (value as ArrayLike<unknown>).length === 'number'
  );
}

function namesProblem(value: unknown, path: string, issues: ValidationIssue[], allowEmpty: boolean): void {
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array of names' });
    return;
  }
  if (!allowEmpty && value.length === 0) issues.push({ path, message: 'must not be empty' });
  const seen = new Set<string>();
  value.forEach((name: unknown, index) => {
    const problem = nameProblem(name);
    if (problem !== undefined) issues.push({ path: `${path}.${index}`, message: problem });
    else if (seen.has(name as string)) issues.push({ path: `${path}.${index}`, message: 'is listed twice' });
    else seen.add(name as string);
  });
}

/** Issues of a view description (name, join keys, features), appended to `issues`. */
function viewIssues(view: unknown, issues: ValidationIssue[]): view is OnlineViewInfo {
  if (typeof view !== 'object' || view === null) {
    issues.push({ path: 'view', message: 'must be an object { name, joinKeys, features }' });
    return false;
  }
  const info = view as OnlineViewInfo;
  const problem = nameProblem(info.name);
  if (problem !== undefined) issues.push({ path: 'view.name', message: problem });
  const before = issues.length;
  namesProblem(info.joinKeys, 'view.joinKeys', issues, true);
  namesProblem(info.features, 'view.features', issues, false);
  return problem === undefined && issues.length === before;
}

/** Checks `features` against the view's: each listed once and known to the view. */
function featureIssues(features: unknown, view: OnlineViewInfo, issues: ValidationIssue[]): void {
  const before = issues.length;
  namesProblem(features, 'features', issues, false);
  if (issues.length !== before) return;
  const known = new Set(view.features);
  (features as string[]).forEach((name, index) => {
    if (!known.has(name)) {
      issues.push({
        path: `features.${index}`,
        message: `"${name}" is not a feature of view "${view.name}"`,
      });
    }
  });
}

function fail(subject: string, issues: ValidationIssue[]): void {
  if (issues.length > 0) throw errors.invalid(subject, issues.slice(0, 20));
}

function requireObject(value: unknown, subject: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.invalid(subject, { path: '', message: 'must be an object' });
  }
}

/** Frozen views, each with the frozen feature lists already checked against it (they cannot change since). */
const checkedViews = new WeakMap<OnlineViewInfo, WeakSet<readonly string[]>>();

const isFrozenView = (view: OnlineViewInfo, features: readonly string[]) =>
  Object.isFrozen(view) &&
  Object.isFrozen(view.joinKeys) &&
  Object.isFrozen(view.features) &&
  Object.isFrozen(features);

/** Checks the view and feature names of a read request, once for frozen ones (`getOnlineFeatures` passes those). */
function readViewIssues(request: OnlineReadRequest, issues: ValidationIssue[]): void {
  const { view, features } = request;
  if (
    typeof view === 'object' &&
    view !== null &&
    Array.isArray(features) &&
    checkedViews.get(view)?.has(features)
  )
    return;
  if (!viewIssues(view, issues)) return;
  const before = issues.length;
  featureIssues(features, view, issues);
  if (issues.length === before && isFrozenView(view, features)) {
    let lists = checkedViews.get(view);
    if (lists === undefined) {
      lists = new WeakSet();
      checkedViews.set(view, lists);
    }
    lists.add(features);
  }
}

/** Key lists `getOnlineFeatures` built from values it checked itself (a store need not check them again). */
const checkedKeyLists = new WeakSet<object>();

/** Marks a list of key tuples as checked: made of valid key values, one per join key of the view read. */
export function markKeysChecked(keys: readonly (readonly unknown[])[]): void {
  checkedKeyLists.add(keys);
}

/**
 * Checks a read request before any I/O.
 * @throws {PlinthError} `PLINTH_VALIDATION` naming each bad field.
 */
export function checkReadRequest(request: OnlineReadRequest): void {
  requireObject(request, 'online read request');
  const issues: ValidationIssue[] = [];
  readViewIssues(request, issues);
  if (!Array.isArray(request.keys)) issues.push({ path: 'keys', message: 'must be an array of key tuples' });
  else if (issues.length === 0 && !checkedKeyLists.has(request.keys)) {
    const arity = request.view.joinKeys.length;
    for (let i = 0; i < request.keys.length && issues.length < 20; i++) {
      const problem = entityKeyProblem(request.keys[i], arity);
      if (problem !== undefined) issues.push({ path: `keys.${i}`, message: problem });
    }
  }
  fail('online read request', issues);
}

/**
 * Checks the requests of a `readMany` call: an array of read requests, each as `read` checks it.
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkReadRequests(requests: readonly OnlineReadRequest[]): void {
  if (!Array.isArray(requests)) {
    fail('online read requests', [{ path: 'requests', message: 'must be an array of read requests' }]);
  }
  for (const request of requests) checkReadRequest(request);
}

function valueProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean') return undefined;
  return `must be a string, number, bigint, boolean or null, received ${type}`;
}

/**
 * Checks a write batch completely (every key, value and timestamp) before anything is written.
 * @throws {PlinthError} `PLINTH_VALIDATION` naming each bad field (at most 20).
 */
export function checkWriteBatch(batch: OnlineWriteBatch): void {
  requireObject(batch, 'online write batch');
  const issues: ValidationIssue[] = [];
  if (viewIssues(batch.view, issues)) featureIssues(batch.features, batch.view, issues);
  const { length } = batch;
  if (!Number.isSafeInteger(length) || length < 0) {
    issues.push({ path: 'length', message: 'must be a non-negative integer' });
  }
  const columns: [string, unknown][] = [
    ['keys', batch.keys],
    ['eventTimestamps', batch.eventTimestamps],
  ];
  if (batch.createdTimestamps !== undefined && batch.createdTimestamps !== null) {
    columns.push(['createdTimestamps', batch.createdTimestamps]);
  }
  if (!Array.isArray(batch.values)) issues.push({ path: 'values', message: 'must be an array of columns' });
  else if (Array.isArray(batch.features) && batch.values.length !== batch.features.length) {
    issues.push({ path: 'values', message: `must have one column per feature (${batch.features.length})` });
  } else {
    for (const [index, column] of batch.values.entries()) columns.push([`values.${index}`, column]);
  }
  for (const [path, column] of columns) {
    if (!isArrayLike(column) || column.length !== length) {
      issues.push({ path, message: `must be an array of ${length} entries (one per row)` });
    }
  }
  fail('online write batch', issues);
  const arity = batch.view.joinKeys.length;
  const created = batch.createdTimestamps;
  for (let i = 0; i < length && issues.length < 20; i++) {
    const problem = entityKeyProblem(batch.keys[i], arity);
    if (problem !== undefined) issues.push({ path: `keys.${i}`, message: problem });
    if (!Number.isFinite(batch.eventTimestamps[i])) {
      issues.push({ path: `eventTimestamps.${i}`, message: 'must be a finite number (epoch ms)' });
    }
    const stamp = created?.[i];
    if (created && stamp !== null && stamp !== undefined && !Number.isFinite(stamp)) {
      issues.push({ path: `createdTimestamps.${i}`, message: 'must be a finite number (epoch ms) or null' });
    }
  }
  batch.values.forEach((column, index) => {
    if (ArrayBuffer.isView(column)) return;
    for (let i = 0; i < length && issues.length < 20; i++) {
      const problem = valueProblem(column[i]);
      if (problem !== undefined) issues.push({ path: `values.${index}.${i}`, message: problem });
    }
  });
  fail('online write batch', issues);
}

/**
 * Checks a metadata key (and value) before any I/O.
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkMeta(key: unknown, ...value: unknown[]): void {
  const issues: ValidationIssue[] = [];
  const problem = nameProblem(key, MAX_META_KEY_LENGTH);
  if (problem !== undefined) issues.push({ path: 'key', message: problem });
  if (value.length > 0 && (typeof value[0] !== 'string' || value[0].length > MAX_META_VALUE_LENGTH)) {
    issues.push({
      path: 'value',
      message: `must be a string of at most ${MAX_META_VALUE_LENGTH} characters`,
    });
  }
  fail('online store metadata', issues);
}

/**
 * Checks a view name given to `dropView`.
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkViewName(name: unknown): asserts name is string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw errors.invalid('view name', { path: 'view', message: problem });
}
