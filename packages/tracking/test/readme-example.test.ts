import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
// Under node_modules so that `@plinth/*` resolves from the generated file; outside the source tree.
const scratch = path.join(repositoryRoot, 'node_modules', '.cache', 'plinth-readme');
const tsxLoader = pathToFileURL(path.join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const workDir = mkdtempSync(path.join(tmpdir(), 'plinth-tracking-readme-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the README example', () => {
  it('runs verbatim against fsStorage and does what its comments say', async () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const checks = `
const found = await tracker.getRun(run.id);
console.log(JSON.stringify({
  matched: runs.map((r) => r.name),
  nextPageToken: nextPageToken ?? null,
  history: history.length,
  lastLoss: history.at(-1),
  tableRows: table.numRows,
  status: found.status,
  params: found.params,
  artifacts: (await tracker.listArtifacts(run.id)).map((a) => a.path),
  inputs: found.inputs.length,
}));
await tracker.close();
`;
    mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, `tracking-readme-${process.pid}.mts`);
    writeFileSync(file, `${example}\n${checks}`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@plinth/source', '--import', tsxLoader, file],
      { cwd: workDir },
    );
    rmSync(file);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toEqual({
      matched: ['lr-0.01'], // the child run logged acc 0.93 but no params.model
      nextPageToken: null,
      history: 100,
      lastLoss: { value: 1 / 100, step: 99, timestamp: expect.any(Number) },
      tableRows: 2,
      status: 'finished',
      params: { lr: '0.01', model: 'mlp' },
      artifacts: ['plots/roc.svg'],
      inputs: 1,
    });
    // fsStorage({ dir: '.plinth' }) wrote under the working directory.
    expect(readdirSync(path.join(workDir, '.plinth'))).toContain('tracking');
  });
});
