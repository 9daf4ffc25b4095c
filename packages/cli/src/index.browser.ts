/**
 * @plinth/cli in a browser: the same surface as in Node, but `run` answers `PLINTH_UNSUPPORTED_RUNTIME`
 * (the command reads local folders and serves over node:http).
 *
 * @packageDocumentation
 */
import { cliErrors } from './errors.ts';
import type { ExitCode } from './exit-codes.ts';
import type { RunOptions } from './run.ts';

export { EXIT_CODES, type ExitCode } from './exit-codes.ts';
export type { RunOptions } from './run.ts';

/**
 * The `plinth` command needs Node.
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME` always.
 */
export async function run(_argv: readonly string[], _options?: RunOptions): Promise<ExitCode> {
  throw cliErrors.error(
    'PLINTH_UNSUPPORTED_RUNTIME',
    'the plinth command runs in Node only; run it with `npx plinth` from a terminal',
  );
}
