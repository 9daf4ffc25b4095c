import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bytesToText } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { afterAll, expect, it } from 'vitest';
import { bundleFixture, startFixture } from './fixtures/fs-child.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-fs-cas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('4 processes doing 500 compare-and-set increments each count to exactly 2000, after stealing a dead lock together', async () => {
  const storage = fsStorage({ dir });
  await storage.put('counter', '0');
  const children = Array.from({ length: 4 }, () =>
    startFixture('fs-counter-child.ts', [dir, 'counter', '500']),
  );
  await Promise.all(children.map((child) => child.waitFor((line) => line === 'ready')));
  const started = performance.now();
  // The counter's lock is held by a process that has died: all four find it at once and must steal it safely.
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(
    path.join(dir, 'counter.l'),
    JSON.stringify({ pid: deadPid, host: os.hostname(), nonce: 'dead' }),
  );
  for (const child of children) child.process.stdin!.write('go\n');
  const results = await Promise.all(children.map((child) => child.exited));
  for (const result of results) expect(result.code, result.stderr).toBe(0);
  const conflicts = children.map((child) =>
    Number(child.lines.find((line) => line.startsWith('done '))!.slice(5)),
  );
  console.log(
    `2000 cross-process CAS increments in ${Math.round(performance.now() - started)} ms, conflicts retried per child: ${conflicts.join(', ')}`,
  );
  expect(bytesToText((await storage.get('counter'))!.value)).toBe('2000');
  expect(conflicts.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  expect(readdirSync(dir)).toEqual(['counter.v']);
}, 120_000);

it('6 processes stealing the same dead lock at once, 40 rounds over, never both hold it (no lost increment)', async () => {
  const storage = fsStorage({ dir });
  await storage.put('stolen', '0');
  const script = await bundleFixture('fs-steal-child.ts');
  const children = Array.from({ length: 6 }, () => startFixture(script, [dir, 'stolen']));
  await Promise.all(children.map((child) => child.waitFor((line) => line === 'ready')));
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  const rounds = 40;
  for (let round = 1; round <= rounds; round++) {
    writeFileSync(
      path.join(dir, 'stolen.l'),
      JSON.stringify({ pid: deadPid, host: os.hostname(), nonce: `dead-${round}` }),
    );
    for (const child of children) child.process.stdin!.write('go\n');
    await Promise.all(
      children.map((child) =>
        child.waitFor(() => child.lines.filter((line) => line.startsWith('ok ')).length >= round),
      ),
    );
  }
  for (const child of children) child.process.stdin!.end();
  const results = await Promise.all(children.map((child) => child.exited));
  for (const result of results) expect(result.code, result.stderr).toBe(0);
  expect(bytesToText((await storage.get('stolen'))!.value)).toBe(String(rounds * children.length));
  expect(readdirSync(dir).filter((name) => name.startsWith('stolen'))).toEqual(['stolen.v']);
}, 120_000);
