import type { ColumnProfile } from '@plinth/monitoring';
import { renderDriftReport } from '@plinth/monitoring';
import { uiErrors } from '../errors.ts';
import type { UiDriftEntry, UiProfiles } from '../options.ts';

async function entriesOf(profiles: UiProfiles): Promise<UiDriftEntry[]> {
  const results = profiles.results;
  if (!results) return [];
  const list = typeof results === 'function' ? await results() : results;
  if (!Array.isArray(list))
    throw uiErrors.error('PLINTH_VALIDATION', 'profiles.results() must return an array');
  return list;
}

function columnSummary(column: ColumnProfile) {
  if (column.kind === 'numeric') {
    return {
      name: column.name,
      kind: column.kind,
      count: column.count,
      missing: column.nulls + column.nan,
      min: column.min,
      max: column.max,
      mean: column.mean,
      std: column.std,
    };
  }
  return {
    name: column.name,
    kind: column.kind,
    count: column.count,
    missing: column.nulls,
    distinct: column.distinct,
    top: column.top.slice(0, 5),
  };
}

/** The drift page: stored profiles with column summaries, and each drift result's headline. */
export async function driftList(profiles: UiProfiles) {
  const names = profiles.store ? await profiles.store.list() : [];
  const stored = await Promise.all(
    names.map(async (name) => {
      const { profile } = await profiles.store!.load(name);
      return { name, rowCount: profile.rowCount, columns: profile.columns.map(columnSummary) };
    }),
  );
  const entries = await entriesOf(profiles);
  return {
    profiles: stored,
    results: entries.map((entry, index) => ({
      index,
      name: String(entry.name),
      datasetDrift: entry.result.datasetDrift,
      driftedCount: entry.result.driftedCount,
      columnCount: entry.result.columnCount,
      referenceRows: entry.result.referenceRows,
      currentRows: entry.result.currentRows,
      drifted: entry.result.columns.filter((column) => column.drifted).map((column) => column.column),
    })),
  };
}

/** One drift result as the monitoring package's self-contained HTML report. */
export async function driftReport(profiles: UiProfiles, index: number): Promise<string> {
  const entries = await entriesOf(profiles);
  const entry = Number.isSafeInteger(index) ? entries[index] : undefined;
  if (!entry) throw uiErrors.error('PLINTH_NOT_FOUND', `there is no drift result number ${index}`);
  const generatedAt =
    entry.generatedAt === undefined ? undefined : new Date(entry.generatedAt as number | Date);
  return renderDriftReport(entry.result, {
    title: String(entry.name),
    ...(entry.validation ? { validation: entry.validation } : {}),
    ...(generatedAt ? { generatedAt } : {}),
  });
}
