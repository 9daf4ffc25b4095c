/**
 * Exit codes of the `plinth` command.
 * @example
 * ```ts
 * if ((await run(['doctor', '--json'])) === EXIT_CODES.PROBLEMS) console.log('the store needs attention');
 * ```
 */
export const EXIT_CODES = {
  /** Success: the command did what it was asked, found no drift, found no problem. */
  OK: 0,
  /** The command failed (one line on stderr: the PlinthError message and code), or `doctor` found problems. */
  FAILURE: 1,
  /** A usage error: unknown command or option, a missing or malformed argument, a filter that does not parse. */
  USAGE: 2,
  /** `drift` only: dataset drift was detected (the report is still written). */
  DRIFT: 3,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
