import { defaultActor } from '../actor.ts';
import { integerOption } from '../options.ts';
import { withStoreOption } from '../store-option.ts';
import type { ServeFlags } from '../ui/serve.ts';
import { action, type CliCommand } from './command.ts';

/** Flags of `plinth ui`. */
type UiFlags = ServeFlags & { static?: string; force?: boolean; json?: boolean };

/** `plinth ui`: serve the web UI of a store on localhost, or write it as static files with `--static`. */
export const uiCommand: CliCommand = {
  name: 'ui',
  register(program, context) {
    withStoreOption(
      program
        .command('ui')
        .description(
          'serve the web UI of a store on localhost (runs, charts, compare, models, drift), or write it with --static',
        ),
      context,
    )
      .option('-p, --port <port>', 'port to listen on (0 picks a free one)', integerOption(0, 65_535), 4400)
      .option(
        '--host <address>',
        'address to listen on; anything but loopback exposes the UI to the network',
        '127.0.0.1',
      )
      .option('--write', 'enable write actions: rename, tag, delete/restore runs, move aliases (audit trail)')
      .option(
        '--actor <name>',
        'who the audit trail names for alias moves ($PLINTH_ACTOR, else your user name)',
        defaultActor(context.env),
      )
      .option('--open', 'open the UI in the default browser')
      .option('--static <folder>', 'write the UI as static files into a folder instead of serving it')
      .option('--force', 'with --static: write into a folder that is not empty')
      .option('--json', 'with --static: print JSON { to, files, runs, versions }')
      .action(
        action(context, async (flags: UiFlags) => {
          const { withStore } = await import('../store.ts');
          if (flags.static !== undefined) {
            const { writeStaticUi } = await import('../ui/static.ts');
            const target = context.resolvePath(flags.static);
            await withStore(context, flags.dir, (store) => writeStaticUi(context, store, target, flags));
            return;
          }
          const { serveUi } = await import('../ui/serve.ts');
          await withStore(context, flags.dir, (store) => serveUi(context, store, flags), {
            actor: flags.actor,
          });
        }),
      );
  },
};
