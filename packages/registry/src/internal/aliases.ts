import type { AliasChange } from '../registry-api.ts';
import { AuditOptionsSchema } from '../schemas/write-options.ts';
import { errors } from './errors.ts';
import { checkAlias, checkModelName, checkVersion, parseOptions } from './validate.ts';
import {
  aliasNotFound,
  aliasTarget,
  assertWritable,
  type Context,
  modelStream,
  readModel,
  readVersion,
  recordEvent,
  updateModel,
} from './write-context.ts';

function versionDeleted(name: string, version: number) {
  return errors.error(
    'PLINTH_NOT_FOUND',
    `model "${name}" version ${version} was deleted; point the alias at a version that exists`,
    { details: { name, version } },
  );
}

function modelGone(name: string) {
  return errors.error(
    'PLINTH_NOT_FOUND',
    `model "${name}" was deleted while its alias was being changed; create it again first`,
    { details: { name } },
  );
}

/** `Registry.setAlias`: validates, checks the version exists, then compare-and-sets the alias table. */
export async function setAlias(
  context: Context,
  name: unknown,
  alias: unknown,
  version: unknown,
  options?: unknown,
): Promise<AliasChange> {
  const model = checkModelName(name);
  const aliasName = checkAlias(alias);
  const number = checkVersion(version);
  const audit = parseOptions(AuditOptionsSchema, options, 'setAlias options');
  assertWritable(context, 'setAlias');
  await readVersion(context, (await readModel(context, model)).value, number);
  let from: number | undefined;
  const now = context.clock.now();
  const written = await updateModel(context, model, (current) => {
    if (!current) throw modelGone(model);
    if (current.deletedVersions.includes(number)) throw versionDeleted(model, number);
    from = aliasTarget(current, aliasName);
    if (from === number) return undefined;
    const aliases = Object.assign(Object.create(null), current.aliases) as Record<string, number>;
    aliases[aliasName] = number;
    return { ...current, aliases, updatedAt: now };
  });
  if (written) {
    await recordEvent(context, {
      type: from === undefined ? 'alias_set' : 'alias_moved',
      model,
      alias: aliasName,
      version: number,
      ...(from !== undefined ? { from } : {}),
      to: number,
      actor: audit.actor,
      at: now,
      ...(audit.reason ? { reason: audit.reason } : {}),
      stream: modelStream(written),
      sequence: written.sequence,
    });
  }
  return { alias: aliasName, ...(from !== undefined ? { from } : {}), to: number };
}

/** `Registry.deleteAlias`: removes an alias by compare-and-set and records who removed it. */
export async function deleteAlias(context: Context, name: unknown, alias: unknown, options?: unknown) {
  const model = checkModelName(name);
  const aliasName = checkAlias(alias, { allowReserved: true });
  const audit = parseOptions(AuditOptionsSchema, options, 'deleteAlias options');
  assertWritable(context, 'deleteAlias');
  const found = await readModel(context, model);
  if (aliasTarget(found.value, aliasName) === undefined) throw aliasNotFound(found.value, aliasName);
  let from: number | undefined;
  const now = context.clock.now();
  const written = await updateModel(context, model, (current) => {
    if (!current) throw modelGone(model);
    from = aliasTarget(current, aliasName);
    if (from === undefined) throw aliasNotFound(current, aliasName);
    const aliases = Object.assign(Object.create(null), current.aliases) as Record<string, number>;
    delete aliases[aliasName];
    return { ...current, aliases, updatedAt: now };
  });
  await recordEvent(context, {
    type: 'alias_deleted',
    model,
    alias: aliasName,
    ...(from !== undefined ? { from, version: from } : {}),
    actor: audit.actor,
    at: now,
    ...(audit.reason ? { reason: audit.reason } : {}),
    ...(written ? { stream: modelStream(written), sequence: written.sequence } : {}),
  });
  return { alias: aliasName, ...(from !== undefined ? { from } : {}) };
}
