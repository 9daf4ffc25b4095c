import { type Registry, type RegistryEvent, renderModelCard } from '@plinth/registry';
import { jsonNumber } from '../downsample.ts';

const numbers = (record: Record<string, number>) => {
  const out: Record<string, number | string> = Object.create(null);
  for (const key of Object.keys(record)) out[key] = jsonNumber(record[key]!);
  return out;
};

/** Every model with its aliases, version count and newest version. */
export async function modelsList(registry: Registry) {
  const models = await registry.listModels();
  return {
    models: await Promise.all(
      models.map(async (model) => {
        const versions = await registry.listVersions(model.name);
        const newest = versions.at(-1);
        return {
          name: model.name,
          description: model.description,
          tags: model.tags,
          aliases: model.aliases,
          versionCount: versions.length,
          updatedAt: model.updatedAt,
          ...(newest
            ? { latest: { version: newest.version, semver: newest.semver, stage: newest.stage } }
            : {}),
        };
      }),
    ),
  };
}

/** A model with its versions (newest first) and its audit history (newest first). */
export async function modelDetail(registry: Registry, name: string) {
  const [model, versions, history] = await Promise.all([
    registry.getModel(name),
    registry.listVersions(name),
    registry.history(name),
  ]);
  return {
    model: {
      name: model.name,
      description: model.description,
      tags: model.tags,
      aliases: model.aliases,
      createdAt: model.createdAt,
      updatedAt: model.updatedAt,
      createdBy: model.createdBy,
    },
    versions: versions
      .map((version) => ({
        version: version.version,
        semver: version.semver,
        stage: version.stage,
        aliases: version.aliases,
        createdAt: version.createdAt,
        createdBy: version.createdBy,
        runId: version.runId,
        metrics: numbers(version.metrics),
        tags: version.tags,
        description: version.description,
      }))
      .reverse(),
    history: history.map(eventRow).reverse(),
  };
}

function eventRow(event: RegistryEvent) {
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    actor: event.actor,
    ...(event.version === undefined ? {} : { version: event.version }),
    ...(event.alias === undefined ? {} : { alias: event.alias }),
    ...(event.from === undefined ? {} : { from: event.from }),
    ...(event.to === undefined ? {} : { to: event.to }),
    ...(event.stage === undefined ? {} : { stage: event.stage }),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  };
}

/** One version: its document, lineage, the model card as Markdown, and the run it came from if the tracker knows it. */
export async function versionDetail(
  registry: Registry,
  name: string,
  version: number,
  runExists: (id: string) => Promise<{ name: string; experimentId: string } | undefined>,
) {
  const found = await registry.getVersion({ name, version });
  const [lineage, model] = await Promise.all([registry.lineage({ name, version }), registry.getModel(name)]);
  const { inputExample: _input, ...document } = found;
  return {
    version: { ...document, metrics: numbers(found.metrics) },
    modelAliases: model.aliases,
    lineage,
    card: found.card ? renderModelCard(found.card, `${name} v${version}`) : undefined,
    run: found.runId ? ((await runExists(found.runId)) ?? null) : null,
  };
}
