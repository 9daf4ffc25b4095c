import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mlpModel } from './models/models.ts';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

describe('the README example', () => {
  it('is the code of readme-example.ts, verbatim', async () => {
    const readme = await readFile(path.join(import.meta.dirname, '../README.md'), 'utf8');
    const example = await readFile(path.join(import.meta.dirname, 'readme-example.ts'), 'utf8');
    const block = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(`${example.split('\n').slice(1).join('\n').trim()}\n`);
  });

  it('runs as written and prints what the README says', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'plinth-serving-readme-'));
    try {
      const file = path.join(directory, 'fraud.onnx');
      await writeFile(file, mlpModel().bytes);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--conditions=@plinth/source',
          '--import',
          'tsx',
          path.join(import.meta.dirname, 'readme-example.ts'),
          file,
        ],
        { cwd: repositoryRoot },
      );
      expect(stdout.split('\n')).toEqual([
        'models:/fraud/1 fraud 1',
        '[ 2, 1 ] 2',
        'PLINTH_VALIDATION',
        '256 4 64',
        '',
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
