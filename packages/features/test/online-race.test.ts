import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { afterAll, expect, it } from 'vitest';
import { storageOnlineStore } from '../src/online/storage/store.ts';
import { RACE_ENTITIES, raceTimestamp } from './online-race-plan.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-online-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

function startChild(args: string[]) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@plinth/source',
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'online-race-child.ts'),
      ...args,
    ],
    { cwd: repositoryRoot, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => (stdout.includes('ready\n') ? resolve() : waiters.push(check));
    check();
    exited.then(() => reject(new Error(`child exited before ready: ${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

it('two processes racing newer-wins writes over a shared fs store: every entity ends with its newest row', async () => {
  const rounds = 30;
  const children = [0, 1].map((writer) => startChild([dir, String(writer), String(rounds)]));
  await Promise.all(children.map((child) => child.ready));
  for (const { child } of children) child.stdin.end('go\n');
  const codes = await Promise.all(children.map((child) => child.exited));
  for (const [i, child] of children.entries()) expect(codes[i], child.output().stderr).toBe(0);
  const conflicts = children.map((child) => Number(/done (\d+)/.exec(child.output().stdout)![1]));
  console.log(`online race: compare-and-set conflicts retried per writer: ${conflicts.join(', ')}`);

  // expected, computed from the plan alone: the (writer, round) of each entity's greatest timestamp
  const expected = Array.from({ length: RACE_ENTITIES }, (_, entity) => {
    let best = { ts: -1, writer: -1, round: -1 };
    for (let writer = 0; writer < 2; writer++) {
      for (let round = 0; round < rounds; round++) {
        const ts = raceTimestamp(writer, round, entity);
        if (ts > best.ts) best = { ts, writer, round };
      }
    }
    return best;
  });
  const store = storageOnlineStore({ storage: fsStorage({ dir }), shards: 4 });
  const view = { name: 'race', joinKeys: ['id'], features: ['writer', 'round'] };
  const result = await store.read({ view, features: view.features, keys: expected.map((_, id) => [id]) });
  expect(result.eventTimestamps).toEqual(expected.map((best) => best.ts));
  expect(result.values).toEqual([expected.map((best) => best.writer), expected.map((best) => best.round)]);
  expect(new Set(expected.map((best) => best.writer))).toEqual(new Set([0, 1]));
  expect(conflicts[0]! + conflicts[1]!).toBeGreaterThan(0);
}, 120_000);
