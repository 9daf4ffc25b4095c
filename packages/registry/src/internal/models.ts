import { NameSchema, PlinthError, parseOrThrow } from '@plinth/core';
import type { AuditOptions } from '../backend.ts';
import {
  type CreateModelOptions,
  CreateModelOptionsSchema,
  type RegisteredModel,
  RegisteredModelSchema,
  type UpdateOptions,
  UpdateOptionsSchema,
} from '../schemas/model.ts';
import { assertWritable, COMPONENT, type Context, modelNames, readModel, recordEvent } from './context.ts';
import { layout } from './layout.ts';

/** Validates a model name. */
export function checkModelName(name: unknown): string {
  return parseOrThrow(NameSchema, name, { component: COMPONENT, subject: 'model name' });
}

/** `RegistryBackend.createModel`: a create-only put of the model document. */
export async function createModel(context: Context, name: string, options: CreateModelOptions = {}) {
  checkModelName(name);
  const parsed = parseOrThrow(CreateModelOptionsSchema, options, {
    component: COMPONENT,
    subject: 'model options',
  });
  assertWritable(context, 'createModel');
  const now = context.clock.now();
  const actor = parsed.actor ?? context.actor;
  const model: RegisteredModel = {
    name,
    description: parsed.description ?? '',
    tags: parsed.tags ?? {},
    aliases: {},
    deletedVersions: [],
    createdAt: now,
    updatedAt: now,
    createdBy: actor,
  };
  try {
    await context.docs.put(layout.model(name), model, { ifNotExists: true });
  } catch (error) {
    if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    throw new PlinthError({
      code: 'PLINTH_CONFLICT',
      component: COMPONENT,
      message: `model "${name}" already exists; use getModel() or pick another name`,
      cause: error,
      details: { name },
    });
  }
  await recordEvent(context, { type: 'created', model: name, actor, at: now });
  return model;
}

/** `RegistryBackend.getModel`. */
export async function getModel(context: Context, name: string): Promise<RegisteredModel> {
  checkModelName(name);
  return (await readModel(context, name)).value;
}

/** `RegistryBackend.listModels`: lists `models/` and reads each document. */
export async function listModels(context: Context): Promise<RegisteredModel[]> {
  const names = await modelNames(context);
  if (names === undefined) {
    throw new PlinthError({
      code: 'PLINTH_UNSUPPORTED',
      component: COMPONENT,
      message: `${context.storage.name} storage cannot list keys, so models cannot be listed; name the model you want`,
    });
  }
  const models = await Promise.all(
    names.map((name) => context.docs.get(layout.model(name), RegisteredModelSchema)),
  );
  return models.flatMap((found) => (found ? [found.value] : []));
}

/** Applies description/tag changes to a document with tags and records the events. Returns the changed copy. */
export function applyChanges<
  T extends { description: string; tags: Record<string, string>; updatedAt: number },
>(current: T, changes: ReturnType<typeof UpdateOptionsSchema.parse>, now: number): T {
  const tags = { ...current.tags, ...(changes.tags ?? {}) };
  for (const key of changes.deleteTags ?? []) delete tags[key];
  return { ...current, description: changes.description ?? current.description, tags, updatedAt: now };
}

/** Records `description` and `tag` events for a change. */
export async function recordChanges(
  context: Context,
  target: { model: string; version?: number },
  changes: ReturnType<typeof UpdateOptionsSchema.parse>,
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

/** `RegistryBackend.updateModel`: compare-and-set of the model document, then `description`/`tag` events. */
export async function updateModel(context: Context, name: string, changes: UpdateOptions) {
  checkModelName(name);
  const parsed = parseOrThrow(UpdateOptionsSchema, changes, {
    component: COMPONENT,
    subject: 'model changes',
  });
  assertWritable(context, 'updateModel');
  await readModel(context, name);
  const now = context.clock.now();
  const updated = await context.docs.update(layout.model(name), RegisteredModelSchema, (current) =>
    current ? applyChanges(current, parsed, now) : undefined,
  );
  if (!updated) return (await readModel(context, name)).value;
  await recordChanges(context, { model: name }, parsed, now);
  return updated.value;
}

/** `RegistryBackend.deleteModel`: removes the model document and version documents; keeps counter, events, blobs. */
export async function deleteModel(context: Context, name: string, options: AuditOptions = {}) {
  checkModelName(name);
  assertWritable(context, 'deleteModel');
  const model = await readModel(context, name);
  const keys: string[] = [];
  for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
    const page = await context.storage.list(layout.versionsPrefix(name), { cursor, limit: 10_000 });
    keys.push(...page.keys);
    cursor = page.cursor;
  }
  await context.storage.delete(layout.model(name), { ifVersion: model.version });
  for (const key of keys) await context.storage.delete(key);
  await recordEvent(context, {
    type: 'delete',
    model: name,
    actor: options.actor,
    ...(options.reason ? { reason: options.reason } : {}),
  });
}
