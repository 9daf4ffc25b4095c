import { Option } from 'commander';
import type { DriftFlags } from '../drift/drift.ts';
import { commaList, numberOption } from '../options.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** `plinth drift <reference> <current>`: exit code 0 without dataset drift, 3 with it. */
export const driftCommand: CliCommand = {
  name: 'drift',
  register(program, context) {
    withStoreOption(
      program
        .command('drift')
        .description(
          'compare a current table with a reference, column by column (CSV and Parquet through DuckDB, JSON lines natively); exit 3 on dataset drift',
        )
        .argument(
          '<reference>',
          'reference data: a .csv, .parquet or .jsonl file, or profile:<name> from the store',
        )
        .argument('<current>', 'current data: a .csv, .parquet or .jsonl file'),
      context,
    )
      .option('-r, --report <file.html>', 'write the HTML drift report here')
      .addOption(
        new Option('--format <format>', 'file format, when the extension does not say').choices([
          'csv',
          'parquet',
          'jsonl',
        ]),
      )
      .option('--columns <list>', 'test only these columns (comma-separated)', commaList)
      .option(
        '--categorical <list>',
        'treat these numeric columns as categories (comma-separated)',
        commaList,
      )
      .option(
        '--drift-share <share>',
        'dataset drift when at least this share of columns drifts, in (0, 1]',
        numberOption(Number.MIN_VALUE, 1),
      )
      .option('--title <text>', 'title of the HTML report')
      .option('--json', 'print the drift result as JSON')
      .action(
        action(context, async (reference: string, current: string, flags: DriftFlags) => {
          const { runDrift } = await import('../drift/drift.ts');
          return runDrift(context, reference, current, flags);
        }),
      );
  },
};
