import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type DriftResult, detectDrift, type Profile, renderDriftReport } from '@plinth/monitoring';
import type { CliContext } from '../context.ts';
import { EXIT_CODES, type ExitCode } from '../exit-codes.ts';
import { toJson } from '../output/json.ts';
import { renderTable } from '../output/table.ts';
import { formatNumber } from '../output/text.ts';
import { withStore } from '../store.ts';
import { type ColumnTable, formatOf, readTable, type TableFormat } from './read-table.ts';

/** Flags of `plinth drift`. */
export interface DriftFlags {
  dir: string;
  report?: string;
  format?: TableFormat;
  columns?: string[];
  categorical?: string[];
  driftShare?: number;
  title?: string;
  json?: boolean;
}

const PROFILE_PREFIX = 'profile:';

type Reference = { kind: 'profile'; profile: Profile } | { kind: 'table'; table: ColumnTable };

async function loadReference(context: CliContext, reference: string, flags: DriftFlags): Promise<Reference> {
  if (reference.startsWith(PROFILE_PREFIX)) {
    const name = reference.slice(PROFILE_PREFIX.length);
    const profile = await withStore(
      context,
      flags.dir,
      async (store) => (await store.profiles.load(name)).profile,
    );
    return { kind: 'profile', profile };
  }
  const file = context.resolvePath(reference);
  return { kind: 'table', table: await readTable(file, formatOf(file, flags.format)) };
}

function printSummary(context: CliContext, result: DriftResult, reportPath: string | undefined): void {
  const color = context.color;
  const headline = `drift in ${result.driftedCount} of ${result.columnCount} columns (share ${formatNumber(result.driftedShare)}, threshold ${formatNumber(result.driftShareThreshold)}): `;
  context.print(
    `${headline}${result.datasetDrift ? color.red('dataset drift') : color.green('no dataset drift')}\n`,
  );
  context.print(
    renderTable(
      ['column', 'type', 'test', 'score', 'threshold', 'drifted'],
      result.columns.map((column) => [
        column.column,
        column.type,
        column.test ?? '',
        column.score === null ? '' : formatNumber(column.score),
        column.threshold === null ? '' : formatNumber(column.threshold),
        column.error ? `error: ${column.error}` : column.drifted ? 'yes' : 'no',
      ]),
      {
        palette: color,
        alignRight: new Set([3, 4]),
        styleCell: (row, index, text) =>
          index === 5 && result.columns[row]!.drifted ? color.red(text) : text,
      },
    ),
  );
  if (reportPath) context.print(`report: ${reportPath}\n`);
}

/**
 * Compares a current table with a reference (a file, or `profile:<name>` from the store) column by column
 * with @plinth/monitoring's detectDrift; writes the HTML report when asked. Exit code 3 on dataset drift.
 */
export async function runDrift(
  context: CliContext,
  reference: string,
  current: string,
  flags: DriftFlags,
): Promise<ExitCode> {
  const loaded = await loadReference(context, reference, flags);
  const currentFile = context.resolvePath(current);
  const currentTable = await readTable(currentFile, formatOf(currentFile, flags.format));
  const options = {
    ...(flags.columns ? { columns: flags.columns } : {}),
    ...(flags.categorical ? { categorical: flags.categorical } : {}),
    ...(flags.driftShare !== undefined ? { driftShare: flags.driftShare } : {}),
  };
  const result =
    loaded.kind === 'table'
      ? detectDrift(loaded.table.columns, currentTable.columns, options)
      : detectDrift(loaded.profile, currentTable.columns, options);
  let reportPath: string | undefined;
  if (flags.report) {
    reportPath = context.resolvePath(flags.report);
    const html = renderDriftReport(result, {
      title: flags.title ?? `${path.basename(current)} vs ${path.basename(reference)}`.slice(0, 1000),
    });
    await mkdir(path.dirname(reportPath), { recursive: true });
    await writeFile(reportPath, html);
  }
  if (flags.json)
    context.print(toJson({ ...result.toJSON(), ...(reportPath ? { report: reportPath } : {}) }));
  else printSummary(context, result, reportPath);
  return result.datasetDrift ? EXIT_CODES.DRIFT : EXIT_CODES.OK;
}
