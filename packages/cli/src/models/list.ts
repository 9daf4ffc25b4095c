import type { Registry } from '@plinth/registry';
import type { CliContext } from '../context.ts';
import { toJson } from '../output/json.ts';
import { renderTable } from '../output/table.ts';
import { formatTime } from '../output/text.ts';

/** Prints every registered model with its latest version and aliases. */
export async function listModels(
  context: CliContext,
  registry: Registry,
  flags: { json?: boolean },
): Promise<void> {
  const models = await registry.listModels();
  const rows = [];
  for (const model of models) {
    const versions = await registry.listVersions(model.name);
    rows.push({ model, versions: versions.length, latest: versions.at(-1)?.version ?? null });
  }
  if (flags.json) {
    context.print(
      toJson({
        models: rows.map(({ model, versions, latest }) => ({
          ...model,
          versionCount: versions,
          latestVersion: latest,
        })),
      }),
    );
    return;
  }
  if (rows.length === 0) {
    context.note('no registered models');
    return;
  }
  context.print(
    renderTable(
      ['name', 'versions', 'latest', 'aliases', 'updated', 'description'],
      rows.map(({ model, versions, latest }) => [
        model.name,
        String(versions),
        latest === null ? '' : `v${latest}`,
        Object.keys(model.aliases)
          .sort()
          .map((alias) => `${alias}→v${model.aliases[alias]}`)
          .join(', '),
        formatTime(model.updatedAt),
        model.description.split('\n')[0] ?? '',
      ]),
      { palette: context.color, alignRight: new Set([1]) },
    ),
  );
}
