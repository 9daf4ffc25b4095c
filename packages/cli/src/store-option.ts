import type { Command } from 'commander';
import type { CliContext } from './context.ts';

/** The store folder when `--dir` is not given: `$PLINTH_DIR`, else `./.plinth`. */
export function defaultStoreDir(context: CliContext): string {
  return context.env.PLINTH_DIR || '.plinth';
}

/** Adds `--dir <folder>` to a command that reads a store. */
export function withStoreOption(command: Command, context: CliContext): Command {
  return command.option(
    '-d, --dir <folder>',
    'the Plinth store: a folder written with fsStorage ($PLINTH_DIR, else ./.plinth)',
    defaultStoreDir(context),
  );
}
