/**
 * @plinth/cli: the `plinth` command (serve the UI, search and compare runs, manage models, export static
 * sites, drift reports, store checks), and `run(argv)` to drive it from a program. Node only.
 *
 * @packageDocumentation
 */
export { EXIT_CODES, type ExitCode } from './exit-codes.ts';
export { type RunOptions, run } from './run.ts';
