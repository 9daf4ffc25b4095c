import { PlinthError, uuidv7 } from '@plinth/core';
import type { CreateModelOptions, RegisteredModel } from '../schemas/model.ts';
import {
  AuditOptionsSchema,
  CreateModelOptionsSchema,
  type ParsedUpdate,
  UpdateOptionsSchema,
} from '../schemas/write-options.ts';
import { errors } from './errors.ts';
import { checkModelName, parseOptions } from './validate.ts';
import {
  assertWritable,
  type Context,
  updateModel as casModel,
  modelStream,
  readModel,
  recordEvent,
} from './write-context.ts';

/** Writes a new model document (create-only) and records `created`; `undefined` when the name is taken. */
export async function insertModel(
  context: Context,
  name: string,
  fields: { description?: string; tags?: Record<string, string>; actor: string },
): Promise<RegisteredModel | undefined> {
  const now = context.clock.now();
  const model: RegisteredModel = {
    name,
    description: fields.description ?? '',
    tags: ownCopy(fields.tags),
    aliases: Object.create(null),
    deletedVersions: [],
    createdAt: now,
    updatedAt: now,
    createdBy: fields.actor,
    sequence: 1,
    id: uuidv7(context.clock),
  };
  try {
    await context.backend.putModel(model, { ifNotExists: true });
  } catch (error) {
    if (PlinthError.is(error, 'PLINTH_CONFLICT')) return undefined;
    throw error;
  }
  await recordEvent(context, {
    type: 'created',
    model: name,
    actor: fields.actor,
    at: now,
    stream: modelStream(model),
    sequence: 1,
  });
  return model;
}

/** `Registry.createModel`: a create-only write of the model document. */
export async function createModel(context: Context, name: unknown, options?: CreateModelOptions) {
  checkModelName(name);
  const parsed = parseOptions(CreateModelOptionsSchema, options, 'createModel options');
  assertWritable(context, 'createModel');
  const created = await insertModel(context, name as string, {
    ...parsed,
    actor: parsed.actor ?? context.actor,
  });
  if (created) return created;
  if (parsed.ifExists === 'return') return (await readModel(context, name as string)).value;
  throw errors.error(
    'PLINTH_CONFLICT',
    `model "${name}" already exists; use getModel(), pass { ifExists: 'return' }, or pick another name`,
    { details: { name } },
  );
}

/** Applies description/tag changes to a document with tags. Returns the changed copy. */
export function applyChanges<
  T extends { description: string; tags: Record<string, string>; updatedAt: number },
>(current: T, changes: ParsedUpdate, now: number): T {
  const tags = ownCopy(current.tags);
  if (changes.tags) for (const key of Object.keys(changes.tags)) tags[key] = changes.tags[key]!;
  for (const key of changes.deleteTags ?? []) delete tags[key];
  return { ...current, description: changes.description ?? current.description, tags, updatedAt: now };
}

/** Records `description` and `tag` events for a change committed to `stream` at `sequence`. */
export async function recordChanges(
  context: Context,
  target: { model: string; version?: number; stream: string; sequence: number },
  changes: ParsedUpdate,
  at: number,
): Promise<void> {
  const actor = changes.actor;
  if (changes.description !== undefined)
    await recordEvent(context, { type: 'description', ...target, actor, at });
  if (changes.tags || changes.deleteTags?.length) {
    await recordEvent(context, {
      type: 'tag',
      ...target,
      actor,
      at,
      ...(changes.tags ? { tags: changes.tags } : {}),
      ...(changes.deleteTags?.length ? { deletedTags: changes.deleteTags } : {}),
    });
  }
}

/** `Registry.updateModel`: compare-and-set of the model document, then `description`/`tag` events. */
export async function updateModel(context: Context, name: unknown, changes: unknown) {
  checkModelName(name);
  const parsed = errors.parse(UpdateOptionsSchema, changes, 'model changes');
  assertWritable(context, 'updateModel');
  const model = name as string;
  await readModel(context, model);
  const now = context.clock.now();
  const updated = await casModel(context, model, (current) =>
    current ? applyChanges(current, parsed, now) : undefined,
  );
  if (!updated) return (await readModel(context, model)).value;
  await recordChanges(
    context,
    { model, stream: modelStream(updated), sequence: updated.sequence },
    parsed,
    now,
  );
  return updated;
}

/** `Registry.deleteModel`: removes the model and version documents; keeps counter, events and blobs. */
export async function deleteModel(context: Context, name: unknown, options?: unknown) {
  checkModelName(name);
  const audit = parseOptions(AuditOptionsSchema, options, 'deleteModel options');
  assertWritable(context, 'deleteModel');
  const model = name as string;
  let deleted: RegisteredModel | undefined;
  for (let attempt = 1; deleted === undefined; attempt++) {
    const current = await readModel(context, model);
    try {
      await context.backend.deleteModel(model, { ifVersion: current.version });
      deleted = current.value;
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT') || attempt >= 200) throw error;
    }
  }
  const numbers = (await context.backend.listVersions(model)) ?? [];
  for (const number of numbers) await context.backend.deleteVersion(model, number);
  await recordEvent(context, {
    type: 'delete',
    model,
    actor: audit.actor,
    ...(audit.reason ? { reason: audit.reason } : {}),
    stream: modelStream(deleted),
    sequence: deleted.sequence + 1,
  });
}

/** An own-key copy of a map, without a prototype. */
export function ownCopy<V>(record: Readonly<Record<string, V>> | undefined): Record<string, V> {
  const copy: Record<string, V> = Object.create(null);
  if (record) for (const name of Object.keys(record)) copy[name] = record[name] as V;
  return copy;
}
