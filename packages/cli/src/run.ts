import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CommandContext } from './commands/command.ts';
import { commands } from './commands/index.ts';
import { type CliStream, createContext } from './context.ts';
import { isUsageError } from './errors.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';
import { colorEnabled } from './output/color.ts';
import { errorLine } from './output/error-line.ts';

/** Options of {@link run}: where the command reads and writes (the process's own streams by default). */
export interface RunOptions {
  /** Standard output. @default process.stdout */
  stdout?: CliStream;
  /** Standard error. @default process.stderr */
  stderr?: CliStream;
  /** Environment (`NO_COLOR`, `FORCE_COLOR`, `PLINTH_DIR`). @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory relative paths resolve against. @default process.cwd() */
  cwd?: string;
  /** Stops long commands and closes `plinth ui`'s server. @default SIGINT / SIGTERM of the process */
  signal?: AbortSignal;
}

function packageVersion(): string {
  // src/run.ts and dist/run.js both sit one folder below package.json
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The flags that shape output, read before parsing so even a parse error honours them. */
function earlyFlags(argv: readonly string[]) {
  const end = argv.indexOf('--');
  const flags = new Set(end === -1 ? argv : argv.slice(0, end));
  return {
    debug: flags.has('--debug'),
    noColor: flags.has('--no-color'),
    quiet: flags.has('--quiet') || flags.has('-q'),
  };
}

function debugText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('caused by:');
  }
  return `${parts.join('\n')}\n`;
}

function buildProgram(context: CommandContext): Command {
  const program = new Command('plinth')
    .description('Plinth from the command line: browse runs and models, export, check drift, check a store.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--debug', 'print stack traces with errors')
    .option('--no-color', 'no colours (NO_COLOR=1 does the same)')
    .option('-q, --quiet', 'no progress output on stderr')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) =>
        write(context.errorColor.red(`plinth: ${text.replace(/^error: /, 'error: ')}`)),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure (or problems found by doctor), 2 usage error, 3 drift detected (drift).',
    );
  for (const command of commands) command.register(program, context);
  return program;
}

/**
 * Runs the `plinth` command with `argv` (the arguments after `plinth`) and resolves with its exit code; never
 * throws. The bin calls it with `process.argv.slice(2)`.
 * @example
 * ```ts
 * const code = await run(['runs', 'search', '--filter', 'metrics.acc > 0.9', '--json']);
 * ```
 */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<ExitCode> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  if (!Array.isArray(argv) || argv.some((argument) => typeof argument !== 'string')) {
    stderr.write('plinth: error: run(argv) takes an array of strings (PLINTH_VALIDATION)\n');
    return EXIT_CODES.USAGE;
  }
  const flags = earlyFlags(argv);
  const controller = new AbortController();
  const stop = () => controller.abort();
  const signal = options.signal ?? controller.signal;
  if (!options.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  let exitCode: ExitCode = EXIT_CODES.OK;
  const base = createContext({
    stdout,
    stderr,
    env,
    cwd: options.cwd ?? process.cwd(),
    color: colorEnabled(stdout.isTTY === true, env, flags.noColor),
    errorColor: colorEnabled(stderr.isTTY === true, env, flags.noColor),
    quiet: flags.quiet,
    signal,
  });
  const context: CommandContext = {
    ...base,
    setExitCode(code) {
      exitCode = code;
    },
  };
  try {
    await buildProgram(context).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help / version) already
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT_CODES.OK;
      return EXIT_CODES.USAGE;
    }
    stderr.write(`${context.errorColor.red(`plinth: error: ${errorLine(error)}`)}\n`);
    if (flags.debug) stderr.write(debugText(error));
    return isUsageError(error) ? EXIT_CODES.USAGE : EXIT_CODES.FAILURE;
  } finally {
    if (!options.signal) {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
