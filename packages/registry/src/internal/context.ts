import type { Clock, PlinthError } from '@plinth/core';
import type { RegistryBackend, Versioned } from '../backend.ts';
import type { RegisteredModel } from '../schemas/model.ts';
import type { StoredModelVersion } from '../schemas/version.ts';
import { errors } from './errors.ts';
import type { Platform } from './platform.ts';

/** Everything the registry's operations share. */
export interface Context {
  backend: RegistryBackend;
  clock: Clock;
  actor: string;
  platform: Platform;
}

const listed = (items: readonly (string | number)[], none: string) =>
  items.length === 0 ? none : items.map((item) => (typeof item === 'string' ? `"${item}"` : item)).join(', ');

/** Reads a model, or throws `PLINTH_NOT_FOUND` naming the models that exist. */
export async function readModel(context: Context, name: string): Promise<Versioned<RegisteredModel>> {
  const found = await context.backend.getModel(name);
  if (found) return found;
  const names = await context.backend.listModels();
  const existing =
    names === undefined
      ? 'this registry cannot list models'
      : `models that exist: ${listed(names.slice(0, 50), 'none')}`;
  throw errors.error(
    'PLINTH_NOT_FOUND',
    `no registered model "${name}" (${existing}); create it with createModel() or registerVersion()`,
    { details: { name, existing: names } },
  );
}

/**
 * The newest version number of a model, 0 when it has none: the counter (a lower bound, raised after each
 * registration), then probing forward past versions registered since. A read-only backend is a static export
 * whose counter `exportStatic` wrote exact: no probing.
 */
export async function latestVersion(context: Context, name: string): Promise<number> {
  let latest = (await context.backend.getCounter(name))?.value ?? 0;
  if (context.backend.readOnly) return latest;
  while (await context.backend.hasVersion(name, latest + 1)) latest += 1;
  return latest;
}

/** The versions of a model that exist, as ranges ("1–3, 5–9"): deleted versions leave holes. */
async function existingRanges(context: Context, name: string, latest: number): Promise<string> {
  if (context.backend.readOnly || latest > 1000) return `1–${latest}`;
  const numbers = (await context.backend.listVersions(name)) ?? [];
  const ranges: string[] = [];
  for (let index = 0; index < numbers.length; ) {
    let end = index;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end++;
    ranges.push(end === index ? String(numbers[index]) : `${numbers[index]}–${numbers[end]}`);
    index = end + 1;
  }
  return ranges.length > 0 ? ranges.join(', ') : 'none (all deleted)';
}

/** Reads a version, or throws `PLINTH_NOT_FOUND` naming the versions that exist. */
export async function readVersion(
  context: Context,
  model: RegisteredModel,
  version: number,
): Promise<Versioned<StoredModelVersion>> {
  const found = await context.backend.getVersion(model.name, version);
  if (found) return found;
  const latest = await latestVersion(context, model.name);
  const exist =
    latest === 0
      ? 'it has no versions yet'
      : `versions that exist: ${await existingRanges(context, model.name, latest)}`;
  throw errors.error(
    'PLINTH_NOT_FOUND',
    `model "${model.name}" has no version ${version} (${exist}); register one with registerVersion() or pick an existing version`,
    { details: { name: model.name, version, latest } },
  );
}

/** `PLINTH_NOT_FOUND` for an unknown alias, naming the model's aliases. */
export function aliasNotFound(model: RegisteredModel, alias: string): PlinthError<'PLINTH_NOT_FOUND'> {
  const aliases = Object.keys(model.aliases).sort();
  return errors.error(
    'PLINTH_NOT_FOUND',
    `model "${model.name}" has no alias "${alias}" (aliases that exist: ${listed(aliases, 'none')}); set one with setAlias()`,
    { details: { name: model.name, alias, existing: aliases } },
  );
}

/** The version an alias points to, read as an own key (`toString` is an alias name, not a method). */
export function aliasTarget(model: RegisteredModel, alias: string): number | undefined {
  return Object.hasOwn(model.aliases, alias) ? model.aliases[alias] : undefined;
}

/** Aliases of a model that point at a version, sorted. */
export function aliasesOf(model: RegisteredModel, version: number): string[] {
  return Object.keys(model.aliases)
    .filter((alias) => model.aliases[alias] === version)
    .sort();
}
