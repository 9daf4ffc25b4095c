import type { RegisteredModel } from '../schemas/model.ts';
import { type Context, readModel } from './context.ts';
import { errors } from './errors.ts';
import { checkModelName } from './validate.ts';

/** `Registry.getModel`. */
export async function getModel(context: Context, name: unknown): Promise<RegisteredModel> {
  return (await readModel(context, checkModelName(name))).value;
}

/** `Registry.listModels`: every model, by name. */
export async function listModels(context: Context): Promise<RegisteredModel[]> {
  const names = await context.backend.listModels();
  if (names === undefined) {
    throw errors.error(
      'PLINTH_UNSUPPORTED',
      `the ${context.backend.name} backend cannot list models (a static export without its index); name the model you want`,
    );
  }
  const models = await Promise.all(names.map((name) => context.backend.getModel(name)));
  return models.flatMap((found) => (found ? [found.value] : []));
}
