import {
  type Clock,
  type DocumentStore,
  listAllKeys,
  PlinthError,
  type StorageAdapter,
  uuidv7,
} from '@plinth/core';
import type { RegistryEvent } from '../schemas/event.ts';
import { CounterSchema, type RegisteredModel, RegisteredModelSchema } from '../schemas/model.ts';
import { ModelVersionSchema, type StoredModelVersion } from '../schemas/version.ts';
import { layout, modelNameOfKey } from './layout.ts';
import type { Platform } from './platform.ts';

/** Everything the registry's operations share. */
export interface Context {
  storage: StorageAdapter;
  docs: DocumentStore;
  clock: Clock;
  actor: string;
  platform: Platform;
}

/** Component named in every registry error. */
export const COMPONENT = 'registry';

/** Throws `PLINTH_READ_ONLY` before any write to a read-only registry. */
export function assertWritable(context: Context, operation: string): void {
  if (context.storage.readOnly) {
    throw new PlinthError({
      code: 'PLINTH_READ_ONLY',
      component: COMPONENT,
      message: `${operation}() needs a writable registry, but its ${context.storage.name} storage is read-only (a static export); write to the source registry and export again`,
      details: { operation, storage: context.storage.name },
    });
  }
}

/** Names of all models, sorted; `undefined` when the storage cannot list (a static HTTP export). */
export async function modelNames(context: Context): Promise<string[] | undefined> {
  try {
    const keys = await listAllKeys(context.storage, layout.modelsPrefix);
    return keys.map(modelNameOfKey).filter((name): name is string => name !== undefined);
  } catch (error) {
    if (PlinthError.is(error, 'PLINTH_UNSUPPORTED')) return undefined;
    throw error;
  }
}

const listed = (items: readonly (string | number)[], none: string) =>
  items.length === 0 ? none : items.map((item) => (typeof item === 'string' ? `"${item}"` : item)).join(', ');

/** Reads a model, or throws `PLINTH_NOT_FOUND` naming the models that exist. */
export async function readModel(context: Context, name: string) {
  const found = await context.docs.get(layout.model(name), RegisteredModelSchema);
  if (found) return found;
  const names = await modelNames(context);
  const existing =
    names === undefined ? 'this storage cannot list models' : `models that exist: ${listed(names, 'none')}`;
  throw new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `no registered model "${name}" (${existing}); create it with createModel()`,
    details: { name, existing: names },
  });
}

/**
 * The newest version number of a model, 0 when it has none: the counter (a lower bound, raised after each
 * registration), then probing forward past versions registered since.
 */
export async function latestVersion(context: Context, name: string): Promise<number> {
  const counter = await context.docs.get(layout.counter(name), CounterSchema);
  let latest = counter?.value.latest ?? 0;
  // A read-only store is a static export, whose counter exportStatic wrote exact: no probing (and no 404s).
  if (context.storage.readOnly) return latest;
  while (await context.storage.stat(layout.version(name, latest + 1))) latest += 1;
  return latest;
}

/**
 * The versions of a model that exist, as ranges ("1–3, 5–9"): deleted versions leave holes. A read-only
 * (static) store is not probed (its versions are 1..latest as exported, holes aside).
 */
async function existingRanges(context: Context, name: string, latest: number): Promise<string> {
  if (context.storage.readOnly || latest > 1000) return `1–${latest}`;
  const numbers = Array.from({ length: latest }, (_, index) => index + 1);
  const present = await Promise.all(
    numbers.map((number) => context.storage.stat(layout.version(name, number))),
  );
  const ranges: string[] = [];
  let start = 0;
  for (let number = 1; number <= latest + 1; number++) {
    const exists = number <= latest && present[number - 1] !== undefined;
    if (exists && start === 0) start = number;
    if (!exists && start !== 0) {
      ranges.push(start === number - 1 ? String(start) : `${start}–${number - 1}`);
      start = 0;
    }
  }
  return ranges.length > 0 ? ranges.join(', ') : 'none (all deleted)';
}

/** Reads a version, or throws `PLINTH_NOT_FOUND` naming the versions that exist. */
export async function readVersion(
  context: Context,
  model: RegisteredModel,
  version: number,
): Promise<{ value: StoredModelVersion; version: string }> {
  const found = await context.docs.get(layout.version(model.name, version), ModelVersionSchema);
  if (found) return found;
  const latest = await latestVersion(context, model.name);
  throw new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `model "${model.name}" has no version ${version} (${latest === 0 ? 'it has no versions yet' : `versions that exist: ${await existingRanges(context, model.name, latest)}`}); register one with registerVersion() or pick an existing version`,
    details: { name: model.name, version, latest },
  });
}

/** Throws `PLINTH_NOT_FOUND` for an unknown alias, naming the model's aliases. */
export function aliasNotFound(model: RegisteredModel, alias: string): PlinthError<'PLINTH_NOT_FOUND'> {
  const aliases = Object.keys(model.aliases).sort();
  return new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `model "${model.name}" has no alias "${alias}" (aliases that exist: ${listed(aliases, 'none')}); set one with setAlias()`,
    details: { name: model.name, alias, existing: aliases },
  });
}

/** Appends an audit event under its own key (no contention between writers). */
export async function recordEvent(
  context: Context,
  event: Omit<RegistryEvent, 'id' | 'at' | 'actor'> & { actor?: string | undefined; at?: number },
): Promise<RegistryEvent> {
  const id = uuidv7(context.clock);
  const full = { ...event, id, at: event.at ?? context.clock.now(), actor: event.actor ?? context.actor };
  const stored = Object.fromEntries(Object.entries(full).filter(([, value]) => value !== undefined));
  await context.docs.put(layout.event(event.model, id), stored, { ifNotExists: true });
  return stored as RegistryEvent;
}

/** Aliases of a model that point at a version, sorted. */
export function aliasesOf(model: RegisteredModel, version: number): string[] {
  return Object.entries(model.aliases)
    .filter(([, target]) => target === version)
    .map(([alias]) => alias)
    .sort();
}
