import type { Registry } from '@plinth/registry';
import type { CliContext } from '../context.ts';
import { toJson } from '../output/json.ts';
import { renderTable } from '../output/table.ts';
import { formatNumber, formatTime, visible } from '../output/text.ts';

/** Prints a model: description, tags, aliases, versions and its audit history. */
export async function showModel(
  context: CliContext,
  registry: Registry,
  name: string,
  flags: { json?: boolean; history?: number },
): Promise<void> {
  const model = await registry.getModel(name);
  const versions = await registry.listVersions(model.name);
  const history = await registry.history(model.name);
  if (flags.json) {
    context.print(toJson({ model, versions, history }));
    return;
  }
  const color = context.color;
  const lines = [color.bold(`model ${visible(model.name)}`)];
  if (model.description) lines.push(visible(model.description));
  lines.push(
    `created ${formatTime(model.createdAt)} by ${visible(model.createdBy)}; updated ${formatTime(model.updatedAt)}`,
  );
  const tags = Object.keys(model.tags).sort();
  if (tags.length) lines.push(`tags: ${tags.map((key) => visible(`${key}=${model.tags[key]}`)).join(', ')}`);
  const aliases = Object.keys(model.aliases).sort();
  lines.push(
    `aliases: ${aliases.length ? aliases.map((alias) => visible(`${alias} → v${model.aliases[alias]}`)).join(', ') : '(none)'}`,
  );
  context.print(`${lines.join('\n')}\n\n`);
  if (versions.length) {
    context.print(
      renderTable(
        ['version', 'semver', 'stage', 'aliases', 'format', 'size', 'sha256', 'run', 'created', 'metrics'],
        versions.map((version) => [
          `v${version.version}`,
          version.semver,
          version.stage,
          version.aliases.join(', '),
          version.format,
          String(version.size),
          version.sha256.slice(0, 12),
          version.runId ?? '',
          formatTime(version.createdAt),
          Object.keys(version.metrics)
            .sort()
            .map((key) => `${key}=${formatNumber(version.metrics[key]!)}`)
            .join(' '),
        ]),
        { palette: color, alignRight: new Set([5]) },
      ),
    );
  } else context.print('no versions\n');
  const shown = flags.history === undefined ? history.slice(-10) : history.slice(-flags.history);
  if (shown.length) {
    context.print(`\n${color.bold(`history (${shown.length} of ${history.length} events, newest last)`)}\n`);
    context.print(
      renderTable(
        ['at', 'event', 'actor', 'version', 'alias', 'from', 'to', 'reason'],
        shown.map((event) => [
          formatTime(event.at),
          event.type,
          event.actor,
          event.version === undefined ? '' : `v${event.version}`,
          event.alias ?? '',
          event.from === undefined ? '' : String(event.from),
          event.to === undefined ? '' : String(event.to),
          event.reason ?? '',
        ]),
        { palette: color, maxCellWidth: 60 },
      ),
    );
  }
}
