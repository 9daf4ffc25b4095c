import { PlinthError, parseOrThrow } from '@plinth/core';
import type { TransitionStageOptions } from '../backend.ts';
import {
  CounterSchema,
  type RegisteredModel,
  type UpdateOptions,
  UpdateOptionsSchema,
} from '../schemas/model.ts';
import {
  type ModelVersion,
  ModelVersionSchema,
  type RegisterVersionOptions,
  RegisterVersionOptionsSchema,
  type Stage,
  StageSchema,
  type StoredModelVersion,
} from '../schemas/version.ts';
import { bumpSemver, classifySignatureChange } from '../semver.ts';
import { type ModelVersionRef, parseModelUri } from '../uri.ts';
import { storeArtifact } from './artifacts.ts';
import {
  aliasesOf,
  aliasNotFound,
  assertWritable,
  COMPONENT,
  type Context,
  latestVersion,
  readModel,
  readVersion,
  recordEvent,
} from './context.ts';
import { layout } from './layout.ts';
import { applyChanges, checkModelName, recordChanges } from './models.ts';

const withAliases = (model: RegisteredModel, version: StoredModelVersion): ModelVersion => ({
  ...version,
  aliases: aliasesOf(model, version.version),
});

/** Raises the counter hint to at least `version`; losing every race is harmless (readers probe forward). */
export async function raiseCounter(context: Context, name: string, version: number): Promise<void> {
  try {
    await context.docs.update(layout.counter(name), CounterSchema, (current) =>
      current && current.latest >= version ? undefined : { latest: version },
    );
  } catch (error) {
    if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
  }
}

/**
 * `RegistryBackend.registerVersion`: validates, stores the artifact, then claims the lowest free number from
 * the counter up with create-only puts of `versions/<name>/<n>` (the first writer of a number owns it).
 */
export async function registerVersion(
  context: Context,
  name: string,
  options: RegisterVersionOptions,
): Promise<ModelVersion> {
  checkModelName(name);
  const { artifact, ...metadata } = options ?? ({} as RegisterVersionOptions);
  const parsed = parseOrThrow(RegisterVersionOptionsSchema, metadata, {
    component: COMPONENT,
    subject: 'version options',
  });
  if (artifact === undefined || artifact === null) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: COMPONENT,
      message:
        'invalid version options: artifact is required; pass bytes, a stream, a file path or { tracker, runId, path }',
      details: { issues: [{ path: 'artifact', message: 'required' }] },
    });
  }
  assertWritable(context, 'registerVersion');
  await readModel(context, name);
  const stored = await storeArtifact(context, artifact);
  const actor = parsed.actor ?? context.actor;
  const counter = await context.docs.get(layout.counter(name), CounterSchema);
  let candidate = (counter?.value.latest ?? 0) + 1;
  for (;;) {
    const previous =
      candidate > 1
        ? await context.docs.get(layout.version(name, candidate - 1), ModelVersionSchema)
        : undefined;
    const now = context.clock.now();
    const version: StoredModelVersion = {
      name,
      version: candidate,
      semver:
        parsed.semver ??
        bumpSemver(
          previous?.value.semver,
          classifySignatureChange(previous?.value.signature, parsed.signature),
        ),
      sha256: stored.sha256,
      size: stored.size,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      format: parsed.format,
      ...(parsed.signature ? { signature: parsed.signature } : {}),
      ...(parsed.inputExample !== undefined ? { inputExample: parsed.inputExample } : {}),
      metrics: parsed.metrics,
      params: parsed.params,
      tags: parsed.tags,
      description: parsed.description,
      ...(parsed.card ? { card: parsed.card } : {}),
      ...((parsed.runId ?? stored.runId) ? { runId: parsed.runId ?? stored.runId } : {}),
      datasets: parsed.datasets,
      stage: parsed.stage,
    };
    try {
      await context.docs.put(layout.version(name, candidate), version, { ifNotExists: true });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
      candidate += 1;
      continue;
    }
    await raiseCounter(context, name, candidate);
    await recordEvent(context, {
      type: 'registered',
      model: name,
      version: candidate,
      actor,
      at: now,
      ...(parsed.stage !== 'none' ? { stage: parsed.stage } : {}),
    });
    return { ...version, aliases: [] };
  }
}

/** Resolves a reference to the model document and the version number it names. */
export async function resolve(context: Context, reference: ModelVersionRef) {
  const ref = parseModelUri(reference);
  const model = await readModel(context, ref.name);
  let number: number;
  if ('alias' in ref) {
    const target = model.value.aliases[ref.alias];
    if (target === undefined) throw aliasNotFound(model.value, ref.alias);
    number = target;
  } else if ('latest' in ref) {
    number = await latestVersion(context, ref.name);
    // Deleted versions leave holes: latest is the newest version that still exists.
    if (!context.storage.readOnly) {
      while (number > 0 && !(await context.storage.stat(layout.version(ref.name, number)))) number--;
    }
    if (number === 0) {
      throw new PlinthError({
        code: 'PLINTH_NOT_FOUND',
        component: COMPONENT,
        message: `model "${ref.name}" has no versions yet, so models:/${ref.name}/latest names nothing; register one with registerVersion()`,
        details: { name: ref.name },
      });
    }
  } else number = ref.version;
  return { model: model.value, number };
}

/** `RegistryBackend.getVersion`: model document (aliases), then the version document. */
export async function getVersion(context: Context, reference: ModelVersionRef): Promise<ModelVersion> {
  const { model, number } = await resolve(context, reference);
  const found = await readVersion(context, model, number);
  return withAliases(model, found.value);
}

/** `RegistryBackend.listVersions`: versions 1..latest that exist, oldest first. */
export async function listVersions(context: Context, name: string): Promise<ModelVersion[]> {
  checkModelName(name);
  const model = (await readModel(context, name)).value;
  const latest = await latestVersion(context, name);
  const versions: ModelVersion[] = [];
  const numbers = Array.from({ length: latest }, (_, index) => index + 1);
  const found = await Promise.all(
    numbers.map((number) => context.docs.get(layout.version(name, number), ModelVersionSchema)),
  );
  for (const entry of found) if (entry) versions.push(withAliases(model, entry.value));
  return versions;
}

/** `RegistryBackend.updateVersion`: compare-and-set of the version document, then events. */
export async function updateVersion(context: Context, name: string, number: number, changes: UpdateOptions) {
  checkModelName(name);
  const parsed = parseOrThrow(UpdateOptionsSchema, changes, {
    component: COMPONENT,
    subject: 'version changes',
  });
  assertWritable(context, 'updateVersion');
  const model = (await readModel(context, name)).value;
  await readVersion(context, model, number);
  const now = context.clock.now();
  const updated = await context.docs.update(layout.version(name, number), ModelVersionSchema, (current) =>
    current ? applyChanges(current, parsed, now) : undefined,
  );
  if (!updated) return getVersion(context, { name, version: number });
  await recordChanges(context, { model: name, version: number }, parsed, now);
  return withAliases(model, updated.value);
}

async function setStage(
  context: Context,
  name: string,
  number: number,
  stage: Stage,
  options: TransitionStageOptions,
) {
  let from: Stage | undefined;
  const now = context.clock.now();
  const updated = await context.docs.update(layout.version(name, number), ModelVersionSchema, (current) => {
    if (!current) return undefined;
    from = current.stage;
    return current.stage === stage ? undefined : { ...current, stage, updatedAt: now };
  });
  if (updated && from !== undefined && from !== stage) {
    await recordEvent(context, {
      type: 'stage',
      model: name,
      version: number,
      from,
      to: stage,
      stage,
      actor: options.actor,
      at: now,
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }
  return updated;
}

/** `RegistryBackend.transitionStage`: compare-and-set of the stage, then archives the incumbents if asked. */
export async function transitionStage(
  context: Context,
  name: string,
  number: number,
  stage: Stage,
  options: TransitionStageOptions = {},
): Promise<ModelVersion> {
  checkModelName(name);
  parseOrThrow(StageSchema, stage, { component: COMPONENT, subject: 'stage' });
  assertWritable(context, 'transitionStage');
  const model = (await readModel(context, name)).value;
  await readVersion(context, model, number);
  await setStage(context, name, number, stage, options);
  if (options.archiveExisting && stage !== 'none' && stage !== 'archived') {
    for (const other of await listVersions(context, name)) {
      if (other.version !== number && other.stage === stage) {
        await setStage(context, name, other.version, 'archived', {
          ...options,
          reason: options.reason ?? `archived when version ${number} moved to ${stage}`,
        });
      }
    }
  }
  return getVersion(context, { name, version: number });
}
