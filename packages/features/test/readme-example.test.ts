// Runs the README's example program as written (imports pointed at this repository's sources) in a temp
// directory, and checks that it prints what the README says it prints (the `// ` lines after each console.log).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const sources: Record<string, string> = {
  '@plinth/core': 'packages/core/src/index.ts',
  '@plinth/core/memory': 'packages/core/src/storage/memory.ts',
  '@plinth/features': 'packages/features/src/index.ts',
  '@plinth/features/duckdb': 'packages/features/src/duckdb/index.node.ts',
};

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => cleanup?.());

it('the README example runs and prints what the README shows', async () => {
  const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Example'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  const expected: string[] = [];
  let afterOutput = false;
  for (const line of code.split('\n')) {
    const comment = /^\/\/ (.*)$/.exec(line);
    if (comment && afterOutput) expected.push(comment[1]!);
    else afterOutput = line.includes('console.log(');
  }
  expect(expected.length).toBeGreaterThan(3);
  const program = code.replace(/from '(@plinth\/[a-z/]+)'/g, (whole, specifier: string) =>
    sources[specifier] ? `from '${path.join(repo, sources[specifier])}'` : whole,
  );
  const file = path.join(dir, 'example.mts');
  writeFileSync(file, program);
  const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@plinth/source', '--import', tsx, file],
    {
      cwd: dir,
      timeout: 120_000,
    },
  );
  expect(stdout.trim().split('\n')).toEqual(expected);
});
