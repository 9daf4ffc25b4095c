import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import type { ExitCode } from '../exit-codes.ts';

/**
 * One `plinth` command. Each lives in its own file under `src/commands/` and is listed once in
 * `src/commands/index.ts`; `register` adds it (with its subcommands and options) to the program.
 * An action returns its exit code (or anything else for 0) through {@link action}; errors it throws become one line
 * on stderr and exit code 1 (2 for `PLINTH_VALIDATION`, a bad command line).
 */
export interface CliCommand {
  /** The name typed after `plinth` (`runs`, `doctor`). */
  readonly name: string;
  /** Adds the command to the program. Create it with `program.command(name)` so it inherits the settings. */
  register(program: Command, context: CommandContext): void;
}

/** The context of a command: the CLI context plus the exit code its action sets. */
export interface CommandContext extends CliContext {
  /** Sets the exit code the command will end with. */
  setExitCode(code: ExitCode): void;
}

/**
 * Wraps an action: commander passes the arguments, then the options, then the command; the wrapper records the
 * exit code the action returns.
 * @example
 * ```ts
 * program.command('doctor').action(action(context, async (options: DoctorFlags) => (ok ? 0 : 1)));
 * ```
 */
export function action<A extends unknown[]>(
  context: CommandContext,
  body: (...args: A) => unknown,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await body(...args);
    if (typeof code === 'number') context.setExitCode(code as ExitCode);
  };
}
