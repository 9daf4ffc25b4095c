import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plinth, repositoryRoot, seedStore, tempDir } from './helpers.ts';

const ESC = '\u001b[';

const SUBCOMMANDS = [
  ['ui'],
  ['runs', 'search'],
  ['runs', 'compare'],
  ['models', 'list'],
  ['models', 'show'],
  ['models', 'alias', 'set'],
  ['models', 'alias', 'delete'],
  ['export-static'],
  ['drift'],
  ['doctor'],
];

describe('conventions every plinth command keeps', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    await seedStore(dir);
  });
  afterAll(() => remove());

  it('--version prints the package version; --help lists the commands and the exit codes', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(repositoryRoot, 'packages/cli/package.json'), 'utf8'),
    );
    const version = await plinth(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    const help = await plinth(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['ui', 'runs', 'models', 'export-static', 'drift', 'doctor']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 failure');
  });

  it('--help works on every command and subcommand', { timeout: 240_000 }, async () => {
    const results = await Promise.all(SUBCOMMANDS.map((words) => plinth([...words, '--help'])));
    results.forEach((result, index) => {
      const words = SUBCOMMANDS[index]!;
      expect(result.code, words.join(' ')).toBe(0);
      expect(result.stdout).toContain(`Usage: plinth ${words.join(' ')}`);
      expect(result.stderr).toBe('');
    });
  });

  it('usage errors exit 2 with a helpful line: unknown command (with a suggestion), unknown option, no command', async () => {
    const typo = await plinth(['doctr']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'doctr'");
    expect(typo.stderr).toContain('Did you mean doctor?');
    const option = await plinth(['doctor', '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const none = await plinth([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: plinth');
    const missing = await plinth(['runs', 'compare']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'run-id'");
    const count = await plinth(['runs', 'search', '--dir', dir, '--max-results', '0']);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('must be an integer from 1 to 100,000');
  });

  it('a failure is one line with the PlinthError message and code; --debug adds the stack', async () => {
    const absent = path.join(dir, 'no-such-store');
    const result = await plinth(['runs', 'search', '--dir', absent]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `plinth: error: [plinth:cli] no Plinth store at ${absent}; pass --dir <folder> (the folder your code opens with fsStorage({ dir })) (PLINTH_NOT_FOUND)\n`,
    );
    const debug = await plinth(['runs', 'search', '--dir', absent, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/PLINTH_NOT_FOUND\)\n.*PlinthError.*\n\s+at /s);
  });

  it('the store comes from --dir, else $PLINTH_DIR, else ./.plinth', async () => {
    const fromEnv = await plinth(['models', 'list', '--json'], { env: { PLINTH_DIR: dir } });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout).models).toHaveLength(1);
    const fromCwd = await plinth(['models', 'list'], { cwd: dir });
    expect(fromCwd.code).toBe(1);
    expect(fromCwd.stderr).toContain(`no Plinth store at ${path.join(dir, '.plinth')}`);
  });

  it('colours only on a TTY or with FORCE_COLOR, never with NO_COLOR or --no-color', async () => {
    const args = ['models', 'list', '--dir', dir];
    const piped = await plinth(args);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain(ESC);
    const forced = await plinth(args, { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}1m`);
    const noColor = await plinth(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ESC);
    expect(noColor.stdout).toBe(piped.stdout);
    const flag = await plinth([...args, '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).toBe(piped.stdout);
    const error = await plinth(['doctr'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(error.stderr).not.toContain(ESC);
  });
});
