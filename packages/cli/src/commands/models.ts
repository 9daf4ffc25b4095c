import { defaultActor } from '../actor.ts';
import type { AliasFlags } from '../models/alias.ts';
import { integerOption } from '../options.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** `plinth models list|show|alias set|alias delete`. */
export const modelsCommand: CliCommand = {
  name: 'models',
  register(program, context) {
    const models = program
      .command('models')
      .description('registered models, versions, aliases and their history');
    withStoreOption(models.command('list').description('list registered models'), context)
      .option('--json', 'print JSON: { models }')
      .action(
        action(context, async (flags: { dir: string; json?: boolean }) => {
          const [{ withStore }, { listModels }] = await Promise.all([
            import('../store.ts'),
            import('../models/list.ts'),
          ]);
          await withStore(context, flags.dir, (store) => listModels(context, store.registry, flags));
        }),
      );
    withStoreOption(
      models
        .command('show')
        .description('show a model: aliases, versions and audit history')
        .argument('<model>', 'the model name'),
      context,
    )
      .option('--history <count>', 'audit events to show, newest (default 10)', integerOption(0, 1_000_000))
      .option('--json', 'print JSON: { model, versions, history }')
      .action(
        action(context, async (name: string, flags: { dir: string; json?: boolean; history?: number }) => {
          const [{ withStore }, { showModel }] = await Promise.all([
            import('../store.ts'),
            import('../models/show.ts'),
          ]);
          await withStore(context, flags.dir, (store) => showModel(context, store.registry, name, flags));
        }),
      );
    const alias = models
      .command('alias')
      .description('move or delete an alias; the reason lands in the registry audit trail');
    const actorHelp = 'who is acting, for the audit trail ($PLINTH_ACTOR, else your user name)';
    withStoreOption(
      alias
        .command('set')
        .description('point an alias at a version (models alias set fraud champion 3 --reason "…")')
        .argument('<model>', 'the model name')
        .argument('<alias>', 'the alias (champion, staging, …)')
        .argument('<version>', 'the version number', integerOption(1, Number.MAX_SAFE_INTEGER)),
      context,
    )
      .requiredOption('-r, --reason <text>', 'why: recorded in the audit trail')
      .option('--actor <name>', actorHelp, defaultActor(context.env))
      .option('--json', 'print JSON: { model, alias, from?, to }')
      .action(
        action(context, async (model: string, name: string, version: number, flags: AliasFlags) => {
          const [{ withStore }, { setAlias }] = await Promise.all([
            import('../store.ts'),
            import('../models/alias.ts'),
          ]);
          await withStore(
            context,
            flags.dir,
            (store) => setAlias(context, store.registry, model, name, version, flags),
            {
              actor: flags.actor,
            },
          );
        }),
      );
    withStoreOption(
      alias
        .command('delete')
        .description('remove an alias (models alias delete fraud staging --reason "…")')
        .argument('<model>', 'the model name')
        .argument('<alias>', 'the alias'),
      context,
    )
      .requiredOption('-r, --reason <text>', 'why: recorded in the audit trail')
      .option('--actor <name>', actorHelp, defaultActor(context.env))
      .option('--json', 'print JSON: { model, alias, from }')
      .action(
        action(context, async (model: string, name: string, flags: AliasFlags) => {
          const [{ withStore }, { deleteAlias }] = await Promise.all([
            import('../store.ts'),
            import('../models/alias.ts'),
          ]);
          await withStore(
            context,
            flags.dir,
            (store) => deleteAlias(context, store.registry, model, name, flags),
            {
              actor: flags.actor,
            },
          );
        }),
      );
  },
};
