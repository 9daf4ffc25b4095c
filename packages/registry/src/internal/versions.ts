import { PlinthError } from '@plinth/core';
import * as z from 'zod/mini';
import { ActorSchema } from '../schemas/fields.ts';
import { type ModelVersion, type Stage, StageSchema, type StoredModelVersion } from '../schemas/version.ts';
import { ReasonSchema, RegisterVersionOptionsSchema, UpdateOptionsSchema } from '../schemas/write-options.ts';
import { bumpSemver, classifySignatureChange } from '../semver.ts';
import { checkArtifact, storeArtifact } from './artifacts.ts';
import { errors } from './errors.ts';
import { applyChanges, insertModel, recordChanges } from './models.ts';
import { getVersion, listVersions, withAliases } from './read-versions.ts';
import { checkModelName, checkVersion, parseOptions } from './validate.ts';
import {
  assertWritable,
  type Context,
  readModel,
  readVersion,
  recordEvent,
  updateVersionDocument,
  versionStream,
} from './write-context.ts';

/** Raises the counter hint to at least `version`; losing every race is harmless (readers probe forward). */
export async function raiseCounter(context: Context, name: string, version: number): Promise<void> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const current = await context.backend.getCounter(name);
    if (current && current.value >= version) return;
    try {
      await context.backend.putCounter(
        name,
        version,
        current ? { ifVersion: current.version } : { ifNotExists: true },
      );
      return;
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    }
  }
}

/**
 * `Registry.registerVersion`: validates, creates the model if asked, stores the artifact, then claims the lowest
 * free number from the counter up with create-only writes of the version document (the first writer owns it).
 */
export async function registerVersion(
  context: Context,
  name: unknown,
  options: unknown,
): Promise<ModelVersion> {
  const model = checkModelName(name);
  const parsed = errors.parse(RegisterVersionOptionsSchema, options, 'registerVersion options');
  const artifact = checkArtifact(context, parsed.artifact);
  assertWritable(context, 'registerVersion');
  const actor = parsed.actor ?? context.actor;
  const exists = (await context.backend.getModel(model)) !== undefined;
  if (!exists && !parsed.createModel) await readModel(context, model);
  const stored = await storeArtifact(context, artifact);
  if (!exists) await insertModel(context, model, { actor });
  let candidate = ((await context.backend.getCounter(model))?.value ?? 0) + 1;
  for (;;) {
    const previous = candidate > 1 ? await context.backend.getVersion(model, candidate - 1) : undefined;
    const now = context.clock.now();
    const runId = parsed.runId ?? stored.runId;
    const version: StoredModelVersion = {
      name: model,
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
      ...(runId ? { runId } : {}),
      datasets: parsed.datasets,
      stage: parsed.stage,
      sequence: 1,
    };
    try {
      await context.backend.putVersion(version, { ifNotExists: true });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
      candidate += 1;
      continue;
    }
    await raiseCounter(context, model, candidate);
    await recordEvent(context, {
      type: 'registered',
      model,
      version: candidate,
      actor,
      at: now,
      ...(parsed.stage !== 'none' ? { stage: parsed.stage } : {}),
      stream: versionStream(candidate),
      sequence: 1,
    });
    return { ...version, aliases: [] };
  }
}

/** `Registry.updateVersion`: compare-and-set of the version document, then events. */
export async function updateVersion(context: Context, name: unknown, version: unknown, changes: unknown) {
  const modelName = checkModelName(name);
  const number = checkVersion(version);
  const parsed = errors.parse(UpdateOptionsSchema, changes, 'version changes');
  assertWritable(context, 'updateVersion');
  const model = (await readModel(context, modelName)).value;
  await readVersion(context, model, number);
  const now = context.clock.now();
  const updated = await updateVersionDocument(context, modelName, number, (current) =>
    current ? applyChanges(current, parsed, now) : undefined,
  );
  if (!updated) return getVersion(context, { name: modelName, version: number });
  await recordChanges(
    context,
    { model: modelName, version: number, stream: versionStream(number), sequence: updated.sequence ?? 0 },
    parsed,
    now,
  );
  return withAliases((await readModel(context, modelName)).value, updated);
}

const TransitionStageOptionsSchema = z.strictObject({
  archiveExisting: z.optional(z.boolean()),
  actor: z.optional(ActorSchema),
  reason: z.optional(ReasonSchema),
});

async function setStage(
  context: Context,
  name: string,
  number: number,
  stage: Stage,
  audit: { actor?: string | undefined; reason?: string | undefined },
) {
  let from: Stage | undefined;
  const now = context.clock.now();
  const updated = await updateVersionDocument(context, name, number, (current) => {
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
      actor: audit.actor,
      at: now,
      ...(audit.reason ? { reason: audit.reason } : {}),
      stream: versionStream(number),
      sequence: updated.sequence ?? 0,
    });
  }
}

/** `Registry.transitionStage`: compare-and-set of the stage, then archives the incumbents if asked. */
export async function transitionStage(
  context: Context,
  name: unknown,
  version: unknown,
  stage: unknown,
  options?: unknown,
): Promise<ModelVersion> {
  const modelName = checkModelName(name);
  const number = checkVersion(version);
  const target = errors.parse(StageSchema, stage, 'stage');
  const parsed = parseOptions(TransitionStageOptionsSchema, options, 'transitionStage options');
  assertWritable(context, 'transitionStage');
  const model = (await readModel(context, modelName)).value;
  await readVersion(context, model, number);
  await setStage(context, modelName, number, target, parsed);
  if (parsed.archiveExisting && target !== 'none' && target !== 'archived') {
    for (const other of await listVersions(context, modelName)) {
      if (other.version !== number && other.stage === target) {
        await setStage(context, modelName, other.version, 'archived', {
          actor: parsed.actor,
          reason: parsed.reason ?? `archived when version ${number} moved to ${target}`,
        });
      }
    }
  }
  return getVersion(context, { name: modelName, version: number });
}
