import { mkdir } from 'node:fs/promises';
import type { SyncRunsResult } from '@plinth/tracking';
import type { CliContext } from '../context.ts';
import { usageError } from '../errors.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** Flags of `plinth sync`. */
interface SyncFlags {
  dir: string;
  to?: string;
  from?: string;
  experiment?: string;
  token?: string;
  json?: boolean;
}

async function runSync(context: CliContext, flags: SyncFlags): Promise<number> {
  if ((flags.to === undefined) === (flags.from === undefined)) {
    throw usageError(
      '--to',
      'give exactly one of --to <mlflow-url> (publish the store) and --from <mlflow-url> (take it offline)',
    );
  }
  const [{ createTracker, syncRuns }, { mlflowTrackingBackend }, { withStore }] = await Promise.all([
    import('@plinth/tracking'),
    import('@plinth/tracking/mlflow'),
    import('../store.ts'),
  ]);
  const url = (flags.to ?? flags.from)!;
  const token = flags.token ?? context.env.MLFLOW_TRACKING_TOKEN;
  const backend = mlflowTrackingBackend({ url, ...(token ? { token } : {}) });
  const mlflow = createTracker({ backend, exitHandler: false, heartbeatMs: 0, systemTags: false });
  // taking an experiment offline may start a new store; publishing needs an existing one
  if (flags.from !== undefined) await mkdir(context.resolvePath(flags.dir), { recursive: true });
  try {
    const result: SyncRunsResult = await withStore(context, flags.dir, (store) =>
      syncRuns({
        from: flags.to !== undefined ? store.tracker : mlflow,
        to: flags.to !== undefined ? mlflow : store.tracker,
        ...(flags.experiment !== undefined ? { experiment: flags.experiment } : {}),
        onProgress: (progress) => {
          if (!context.quiet)
            context.note(`${progress.experiment}: ${progress.done}/${progress.total} ${progress.run}`);
        },
      }),
    );
    if (flags.json) context.print(`${JSON.stringify(result)}\n`);
    else {
      context.print(
        `${flags.to !== undefined ? 'published to' : 'copied from'} ${url}: ${result.runsCreated} runs created, ${result.runsUpdated} updated, ${result.runsUnchanged} unchanged; ${result.points} metric points, ${result.params} params, ${result.tags} tags, ${result.artifacts} artifacts (${result.artifactBytes} bytes), ${result.inputs} inputs\n`,
      );
    }
    return 0;
  } finally {
    await mlflow.close();
    await backend.close();
  }
}

/** `plinth sync --to <url>` / `--from <url>`: copies runs between the store and an MLflow server, idempotently. */
export const syncCommand: CliCommand = {
  name: 'sync',
  register(program, context) {
    withStoreOption(
      program
        .command('sync')
        .description(
          'copy runs between the store and an MLflow tracking server (params, metric histories, tags, artifacts, inputs); a second sync copies only what is new',
        ),
      context,
    )
      .option('--to <mlflow-url>', 'publish the store to this MLflow server (http://127.0.0.1:5000)')
      .option('--from <mlflow-url>', 'copy runs from this MLflow server into the store (created if missing)')
      .option('-e, --experiment <name>', 'only this experiment (every active one by default)')
      .option('--token <token>', 'bearer token for the server ($MLFLOW_TRACKING_TOKEN)')
      .option('--json', 'print the counts as JSON: { runsCreated, runsUpdated, runsUnchanged, points, … }')
      .action(action(context, (flags: SyncFlags) => runSync(context, flags)));
  },
};
