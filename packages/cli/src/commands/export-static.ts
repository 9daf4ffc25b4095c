import type { ExportFlags } from '../export/export-static.ts';
import { commaList } from '../options.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** `plinth export-static <folder>`: the registry (and optionally tracking) as plain files for a static host. */
export const exportStaticCommand: CliCommand = {
  name: 'export-static',
  register(program, context) {
    withStoreOption(
      program
        .command('export-static')
        .description('write the registry as plain files for a static host, readable with httpStorage')
        .argument('<folder>', 'where to write (empty, or an earlier export)'),
      context,
    )
      .option('-m, --models <list>', 'export only these models (comma-separated; default all)', commaList)
      .option(
        '--tracking',
        'also copy the tracking data (experiments, runs, metrics, artifacts) under tracking/',
      )
      .option('--no-events', 'leave out the audit events')
      .option('--no-index', 'do not write plinth-index.json (httpStorage then cannot list models)')
      .option('--force', 'write into a folder that is not empty')
      .option('--json', 'print JSON: { to, registry: { models, versions, blobs, bytes }, tracking? }')
      .action(
        action(context, async (folder: string, flags: ExportFlags) => {
          const [{ withStore }, { exportStaticSite }] = await Promise.all([
            import('../store.ts'),
            import('../export/export-static.ts'),
          ]);
          await withStore(context, flags.dir, (store) =>
            exportStaticSite(context, store, context.resolvePath(folder), flags),
          );
        }),
      );
  },
};
