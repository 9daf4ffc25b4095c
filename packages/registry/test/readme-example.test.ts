import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

describe('the README example', () => {
  it('is the code of readme-example.ts, verbatim', async () => {
    const readme = await readFile(path.join(import.meta.dirname, '../README.md'), 'utf8');
    const example = await readFile(path.join(import.meta.dirname, 'readme-example.ts'), 'utf8');
    const block = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(`${example.split('\n').slice(1).join('\n').trim()}\n`);
  });

  it('runs as written and prints what the README says', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@plinth/source', '--import', 'tsx', path.join(import.meta.dirname, 'readme-example.ts')],
      { cwd: repositoryRoot },
    );
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('1 1.0.0 2 1.1.0');
    expect(lines[1]).toMatch(/^2 [0-9a-f]{12} 21$/);
    expect(lines[2]).toBe('[ 2 ]');
    expect(stdout).toContain("[ 'created', 'registered', 'registered', 'alias_set', 'stage' ]");
    expect(stdout).toContain('# fraud v1\n\n## Overview\n\nScores card transactions.');
  });
});
