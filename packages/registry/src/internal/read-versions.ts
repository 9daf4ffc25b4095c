import type { RegisteredModel } from '../schemas/model.ts';
import type { ModelVersion, StoredModelVersion } from '../schemas/version.ts';
import { type ModelVersionRef, parseModelUri } from '../uri.ts';
import {
  aliasesOf,
  aliasNotFound,
  aliasTarget,
  type Context,
  latestVersion,
  readModel,
  readVersion,
} from './context.ts';
import { errors } from './errors.ts';
import { checkModelName } from './validate.ts';

/** A version document with the aliases that point at it. */
export const withAliases = (model: RegisteredModel, version: StoredModelVersion): ModelVersion => ({
  ...version,
  aliases: aliasesOf(model, version.version),
});

/** Resolves a reference to the model document and the version number it names. */
export async function resolve(context: Context, reference: ModelVersionRef) {
  const ref = parseModelUri(reference);
  const model = (await readModel(context, ref.name)).value;
  let number: number;
  if ('alias' in ref) {
    const target = aliasTarget(model, ref.alias);
    if (target === undefined) throw aliasNotFound(model, ref.alias);
    number = target;
  } else if ('latest' in ref) {
    number = await latestVersion(context, ref.name);
    // Deleted versions leave holes: latest is the newest version that still exists.
    if (!context.backend.readOnly) {
      while (number > 0 && !(await context.backend.hasVersion(ref.name, number))) number--;
    }
    if (number === 0) {
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `model "${ref.name}" has no versions yet, so models:/${ref.name}/latest names nothing; register one with registerVersion()`,
        { details: { name: ref.name } },
      );
    }
  } else number = ref.version;
  return { model, number };
}

/** `Registry.getVersion`: model document (aliases), then the version document. */
export async function getVersion(context: Context, reference: ModelVersionRef): Promise<ModelVersion> {
  const { model, number } = await resolve(context, reference);
  const found = await readVersion(context, model, number);
  return withAliases(model, found.value);
}

/** `Registry.listVersions`: the versions that exist, oldest first. */
export async function listVersions(context: Context, name: unknown): Promise<ModelVersion[]> {
  const model = (await readModel(context, checkModelName(name))).value;
  let numbers = context.backend.readOnly ? undefined : await context.backend.listVersions(model.name);
  if (numbers === undefined) {
    const latest = await latestVersion(context, model.name);
    numbers = Array.from({ length: latest }, (_, index) => index + 1);
  }
  const found = await Promise.all(numbers.map((number) => context.backend.getVersion(model.name, number)));
  return found.flatMap((entry) => (entry ? [withAliases(model, entry.value)] : []));
}
