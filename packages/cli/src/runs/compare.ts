import type { Run, Tracker } from '@plinth/tracking';
import type { CliContext } from '../context.ts';
import { usageError } from '../errors.ts';
import { toJson } from '../output/json.ts';
import { renderTable } from '../output/table.ts';
import { keysOf, runField } from './fields.ts';

/** Flags of `plinth runs compare`. */
export interface CompareFlags {
  dir: string;
  all?: boolean;
  systemTags?: boolean;
  json?: boolean;
  wide?: boolean;
}

/** Most runs one comparison takes. */
export const MAX_COMPARED_RUNS = 50;

const ATTRIBUTE_ROWS = ['name', 'experiment', 'status', 'user', 'start_time', 'duration', 'parent_run_id'];

/** Tags every tracker sets itself (`mlflow.runName`, `mlflow.user`, system tags): hidden unless asked. */
const isSystemTag = (key: string) => key.startsWith('mlflow.') || key.startsWith('plinth.');

function same(values: readonly (string | number | null)[]): boolean {
  return values.every((value) => Object.is(value, values[0]));
}

/** Compares runs side by side: attributes, params, latest metrics and tags; by default only what differs. */
export async function compareRuns(
  context: CliContext,
  tracker: Tracker,
  ids: readonly string[],
  flags: CompareFlags,
): Promise<void> {
  if (ids.length < 2 || ids.length > MAX_COMPARED_RUNS) {
    throw usageError('<run-id...>', `give 2 to ${MAX_COMPARED_RUNS} run ids, got ${ids.length}`);
  }
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined)
    throw usageError('<run-id...>', `run id "${duplicate.slice(0, 100)}" is given twice`);
  const runs: Run[] = [];
  for (const id of ids) runs.push(await tracker.getRun(id));
  const experiments = new Map(
    (await tracker.listExperiments({ viewType: 'all' })).map((experiment) => [
      experiment.id,
      experiment.name,
    ]),
  );
  const names = [
    ...ATTRIBUTE_ROWS,
    ...keysOf(runs, (run) => run.params).map((key) => `params.${key}`),
    ...keysOf(runs, (run) => run.metrics).map((key) => `metrics.${key}`),
    ...keysOf(runs, (run) => run.tags)
      .filter((key) => flags.systemTags || !isSystemTag(key))
      .map((key) => `tags.${key}`),
  ];
  const rows = names.map((name) => {
    const field = runField(name, experiments)!;
    const values = runs.map((run) => field.value(run));
    return { field, values, differs: !same(values) };
  });
  const shown = flags.all ? rows : rows.filter((row) => row.differs);
  if (flags.json) {
    context.print(
      toJson({
        runs: runs.map((run) => ({ id: run.id, name: run.name, experimentId: run.experimentId })),
        fields: shown.map((row) => ({ field: row.field.name, differs: row.differs, values: row.values })),
      }),
    );
    return;
  }
  if (shown.length === 0) {
    context.print('the runs do not differ in params, metrics, tags or attributes\n');
    return;
  }
  const headers = ['field', ...runs.map((run) => `${run.name} (${run.id.slice(-8)})`)];
  const color = context.color;
  context.print(
    renderTable(
      headers,
      shown.map((row) => [row.field.name, ...runs.map((run) => row.field.text(run) || '—')]),
      {
        maxCellWidth: flags.wide ? 0 : 32,
        palette: color,
        styleCell: (rowIndex, column, text) =>
          column === 0 && shown[rowIndex]!.differs && flags.all ? color.yellow(text) : text,
      },
    ),
  );
  const hidden = rows.length - shown.length;
  if (!flags.all && hidden > 0)
    context.note(`${hidden} identical field${hidden === 1 ? '' : 's'} hidden (--all shows them)`);
}
