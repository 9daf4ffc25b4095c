import type { Run, Tracker } from '@plinth/tracking';
import type { CliContext } from '../context.ts';
import { usageError } from '../errors.ts';
import { toCsv } from '../output/csv.ts';
import { toJson } from '../output/json.ts';
import { renderTable } from '../output/table.ts';
import { ATTRIBUTE_NAMES, keysOf, type RunField, runField } from './fields.ts';

/** Flags of `plinth runs search`. */
export interface SearchFlags {
  dir: string;
  filter?: string;
  orderBy?: string[];
  experiment?: string[];
  maxResults: number;
  pageToken?: string;
  all?: boolean;
  view: 'active' | 'deleted' | 'all';
  columns?: string[];
  json?: boolean;
  csv?: boolean;
  wide?: boolean;
}

/** Default metric and param columns shown in a table before the rest are summarised. */
const DEFAULT_KEY_COLUMNS = 6;

async function experimentNames(tracker: Tracker): Promise<Map<string, string>> {
  const experiments = await tracker.listExperiments({ viewType: 'all' });
  return new Map(experiments.map((experiment) => [experiment.id, experiment.name]));
}

function chosenFields(names: readonly string[], experiments: ReadonlyMap<string, string>): RunField[] {
  return names.map((name) => {
    const field = runField(name, experiments);
    if (!field) {
      throw usageError(
        '--columns',
        `unknown column "${name.slice(0, 200)}"; use metrics.<key>, params.<key>, tags.<key> or one of ${ATTRIBUTE_NAMES.join(', ')}`,
      );
    }
    return field;
  });
}

/** Searches runs and prints them as a table, JSON or CSV. */
export async function searchRuns(context: CliContext, tracker: Tracker, flags: SearchFlags): Promise<void> {
  if (flags.all && flags.pageToken) throw usageError('--all', 'cannot be combined with --page-token');
  const experiments = await experimentNames(tracker);
  const request = {
    ...(flags.experiment ? { experiments: flags.experiment } : {}),
    ...(flags.filter !== undefined ? { filter: flags.filter } : {}),
    ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
    maxResults: flags.maxResults,
    runViewType: flags.view,
  };
  const runs: Run[] = [];
  let pageToken = flags.pageToken;
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await tracker.searchRuns({ ...request, ...(pageToken ? { pageToken } : {}) });
    runs.push(...page.runs);
    nextPageToken = page.nextPageToken;
    if (!flags.all || !nextPageToken || context.signal.aborted) break;
    pageToken = nextPageToken;
  }
  if (flags.json) {
    const named = runs.map((run) => ({ ...run, experimentName: experiments.get(run.experimentId) ?? null }));
    context.print(toJson({ runs: named, ...(nextPageToken ? { nextPageToken } : {}) }));
    return;
  }
  if (flags.csv) {
    const fields = flags.columns
      ? chosenFields(flags.columns, experiments)
      : chosenFields(
          [
            'run_id',
            'experiment_id',
            'experiment',
            'name',
            'status',
            'lifecycle',
            'user',
            'start_time',
            'end_time',
            ...keysOf(runs, (run) => run.metrics).map((key) => `metrics.${key}`),
            ...keysOf(runs, (run) => run.params).map((key) => `params.${key}`),
            ...keysOf(runs, (run) => run.tags).map((key) => `tags.${key}`),
          ],
          experiments,
        );
    const csvValue = (value: string | number | null) => (value === null ? '' : String(value));
    context.print(
      toCsv(
        fields.map((field) => field.name),
        runs.map((run) => fields.map((field) => csvValue(field.value(run)))),
      ),
    );
    return;
  }
  printTable(context, runs, experiments, flags, nextPageToken);
}

function printTable(
  context: CliContext,
  runs: readonly Run[],
  experiments: ReadonlyMap<string, string>,
  flags: SearchFlags,
  nextPageToken: string | undefined,
): void {
  let hidden = 0;
  let names = flags.columns;
  if (!names) {
    const pick = (keys: string[]) => {
      hidden += Math.max(0, keys.length - DEFAULT_KEY_COLUMNS);
      return flags.wide ? keys : keys.slice(0, DEFAULT_KEY_COLUMNS);
    };
    names = [
      'run_id',
      'name',
      'experiment',
      'status',
      'start_time',
      'duration',
      ...pick(keysOf(runs, (run) => run.metrics).map((key) => `metrics.${key}`)),
      ...pick(keysOf(runs, (run) => run.params).map((key) => `params.${key}`)),
    ];
    if (flags.wide) hidden = 0;
  }
  const fields = chosenFields(names, experiments);
  if (runs.length === 0) {
    context.note('no runs match');
    return;
  }
  const numeric = new Set(fields.flatMap((field, index) => (field.name.startsWith('metric') ? [index] : [])));
  context.print(
    renderTable(
      fields.map((field) => field.name),
      runs.map((run) => fields.map((field) => field.text(run))),
      { maxCellWidth: flags.wide ? 0 : 40, alignRight: numeric, palette: context.color },
    ),
  );
  const notes = [`${runs.length} run${runs.length === 1 ? '' : 's'}`];
  if (hidden > 0) notes.push(`${hidden} more metric/param columns: --wide shows them, --columns picks`);
  if (nextPageToken) notes.push(`more results: --all, or --page-token ${nextPageToken}`);
  context.note(notes.join('; '));
}
