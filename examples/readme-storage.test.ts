import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cwd = mkdtempSync(path.join(os.tmpdir(), 'plinth-readme-storage-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("the root README's storage example", () => {
  it('runs verbatim, again and again, and three processes at once count every run', async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const snippet = /## Using the storage layer\s+```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    // Under node_modules so that @plinth/* resolves from the file; run from a scratch working directory.
    const scratch = path.join(root, 'node_modules', '.cache', 'plinth-readme');
    mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, `storage-${process.pid}.mts`);
    writeFileSync(file, snippet);
    const loader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const once = async () =>
      (
        await promisify(execFile)(
          process.execPath,
          ['--conditions=@plinth/source', '--import', loader, file],
          { cwd },
        )
      ).stdout;
    expect(await once()).toBe('run number 1\n');
    expect(await once()).toBe('run number 2\n');
    const together = await Promise.all([once(), once(), once()]);
    expect(together.map((out) => Number(out.trim().split(' ').at(-1))).sort()).toEqual([3, 4, 5]);
    rmSync(file);
  });
});
