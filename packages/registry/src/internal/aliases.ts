import { NameSchema, PlinthError, parseOrThrow } from '@plinth/core';
import type { AliasChange, AuditOptions, WatchAliasOptions } from '../backend.ts';
import { RegisteredModelSchema } from '../schemas/model.ts';
import type { ModelVersion } from '../schemas/version.ts';
import {
  aliasNotFound,
  assertWritable,
  COMPONENT,
  type Context,
  readModel,
  readVersion,
  recordEvent,
} from './context.ts';
import { layout } from './layout.ts';
import { checkModelName } from './models.ts';
import { getVersion } from './versions.ts';

/** True for names MLflow reserves: `latest` and `v<number>` (any case). */
export function isReservedAlias(alias: string): boolean {
  return /^latest$/i.test(alias) || /^v\d+$/i.test(alias);
}

function checkAlias(alias: string): void {
  parseOrThrow(NameSchema, alias, { component: COMPONENT, subject: 'alias' });
  if (isReservedAlias(alias)) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: COMPONENT,
      message: `alias "${alias}" is reserved ("latest" and "v<number>" name versions already); pick another name such as "champion"`,
      details: { issues: [{ path: 'alias', message: 'reserved' }] },
    });
  }
}

/** `RegistryBackend.setAlias`: validates, checks the version exists, then compare-and-sets the alias table. */
export async function setAlias(
  context: Context,
  name: string,
  alias: string,
  version: number,
  options: AuditOptions = {},
): Promise<AliasChange> {
  checkModelName(name);
  checkAlias(alias);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: COMPONENT,
      message: `version ${version} is not a positive integer; pass the version number the alias should point to`,
      details: { issues: [{ path: 'version', message: 'must be a positive integer' }] },
    });
  }
  assertWritable(context, 'setAlias');
  const model = await readModel(context, name);
  await readVersion(context, model.value, version);
  let from: number | undefined;
  const now = context.clock.now();
  await context.docs.update(layout.model(name), RegisteredModelSchema, (current) => {
    if (!current) throw aliasGone(name);
    if (current.deletedVersions.includes(version)) throw versionDeleted(name, version);
    from = current.aliases[alias];
    if (from === version) return undefined;
    return { ...current, aliases: { ...current.aliases, [alias]: version }, updatedAt: now };
  });
  if (from !== version) {
    await recordEvent(context, {
      type: from === undefined ? 'alias_set' : 'alias_moved',
      model: name,
      alias,
      version,
      ...(from !== undefined ? { from } : {}),
      to: version,
      actor: options.actor,
      at: now,
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }
  return { alias, ...(from !== undefined ? { from } : {}), to: version };
}

function versionDeleted(name: string, version: number) {
  return new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `model "${name}" version ${version} was deleted; point the alias at a version that exists`,
    details: { name, version },
  });
}

function aliasGone(name: string) {
  return new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `model "${name}" was deleted while its alias was being changed; create it again first`,
  });
}

/** `RegistryBackend.deleteAlias`: removes an alias by compare-and-set and records who removed it. */
export async function deleteAlias(context: Context, name: string, alias: string, options: AuditOptions = {}) {
  checkModelName(name);
  parseOrThrow(NameSchema, alias, { component: COMPONENT, subject: 'alias' });
  assertWritable(context, 'deleteAlias');
  const model = await readModel(context, name);
  if (model.value.aliases[alias] === undefined) throw aliasNotFound(model.value, alias);
  let from: number | undefined;
  const now = context.clock.now();
  await context.docs.update(layout.model(name), RegisteredModelSchema, (current) => {
    if (!current) throw aliasGone(name);
    from = current.aliases[alias];
    if (from === undefined) throw aliasNotFound(current, alias);
    const aliases = { ...current.aliases };
    delete aliases[alias];
    return { ...current, aliases, updatedAt: now };
  });
  await recordEvent(context, {
    type: 'alias_deleted',
    model: name,
    alias,
    ...(from !== undefined ? { from, version: from } : {}),
    actor: options.actor,
    at: now,
    ...(options.reason ? { reason: options.reason } : {}),
  });
  return { alias, ...(from !== undefined ? { from } : {}) };
}

/** `RegistryBackend.watchAlias`: polls with `setTimeout` (no overlapping polls) until stopped. */
export function watchAlias(
  context: Context,
  name: string,
  alias: string,
  callback: (version: ModelVersion | undefined) => void,
  options: WatchAliasOptions = {},
): () => void {
  checkModelName(name);
  parseOrThrow(NameSchema, alias, { component: COMPONENT, subject: 'alias' });
  const intervalMs = Math.max(1, options.intervalMs ?? 1000);
  let last: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    let current: ModelVersion | undefined;
    let ok = true;
    try {
      current = await getVersion(context, { name, alias });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_NOT_FOUND')) {
        ok = false;
        options.onError?.(error);
      }
    }
    if (ok && !stopped) {
      const seen = current ? `${current.version}` : 'none';
      if (seen !== last) {
        last = seen;
        try {
          callback(current);
        } catch (error) {
          options.onError?.(error);
        }
      }
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
