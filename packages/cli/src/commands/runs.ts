import { Option } from 'commander';
import { collect, commaList, integerOption } from '../options.ts';
import type { CompareFlags } from '../runs/compare.ts';
import type { SearchFlags } from '../runs/search.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** `plinth runs search` and `plinth runs compare`. */
export const runsCommand: CliCommand = {
  name: 'runs',
  register(program, context) {
    const runs = program.command('runs').description('search and compare tracked runs');
    withStoreOption(
      runs
        .command('search')
        .description('search runs with the MLflow filter grammar; a table, or --json / --csv for scripts'),
      context,
    )
      .option('-f, --filter <expression>', "filter: metrics.acc > 0.9 and params.model = 'logreg'")
      .option('-o, --order-by <key>', 'sort key, repeatable: "metrics.acc DESC", start_time', collect)
      .option(
        '-e, --experiment <name-or-id>',
        'search only this experiment, repeatable (default: all)',
        collect,
      )
      .option('-n, --max-results <count>', 'runs per page, 1 to 100,000', integerOption(1, 100_000), 100)
      .option('--page-token <token>', 'the next page of an earlier search (its nextPageToken)')
      .option('--all', 'follow every page')
      .addOption(
        new Option('--view <which>', 'active, deleted or all runs')
          .choices(['active', 'deleted', 'all'])
          .default('active'),
      )
      .option(
        '-c, --columns <list>',
        'table / CSV columns: run_id,name,metrics.acc,params.lr,tags.team',
        commaList,
      )
      .addOption(new Option('--json', 'print JSON: { runs, nextPageToken? }').conflicts('csv'))
      .option('--csv', 'print CSV (run attributes, then metrics.*, params.*, tags.*)')
      .option('--wide', 'do not shorten cells or hide columns')
      .action(
        action(context, async (flags: SearchFlags) => {
          const [{ withStore }, { searchRuns }] = await Promise.all([
            import('../store.ts'),
            import('../runs/search.ts'),
          ]);
          await withStore(context, flags.dir, (store) => searchRuns(context, store.tracker, flags));
        }),
      );
    withStoreOption(
      runs
        .command('compare')
        .description('compare runs side by side: params, metrics, tags and attributes that differ')
        .argument('<run-id...>', '2 to 50 run ids'),
      context,
    )
      .option('-a, --all', 'show identical fields too')
      .option('--system-tags', 'include the tags trackers set themselves (mlflow.*)')
      .option('--json', 'print JSON: { runs, fields: [{ field, differs, values }] }')
      .option('--wide', 'do not shorten cells')
      .action(
        action(context, async (ids: string[], flags: CompareFlags) => {
          const [{ withStore }, { compareRuns }] = await Promise.all([
            import('../store.ts'),
            import('../runs/compare.ts'),
          ]);
          await withStore(context, flags.dir, (store) => compareRuns(context, store.tracker, ids, flags));
        }),
      );
  },
};
