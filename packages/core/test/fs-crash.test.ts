import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { afterAll, expect, it } from 'vitest';
import { bundleFixture, startFixture } from './fixtures/fs-child.ts';
import { generationOf, valueFor } from './fixtures/fs-values.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-fs-crash-'));
const bundles: string[] = [];
afterAll(() => {
  for (const target of [dir, ...bundles]) rmSync(target, { recursive: true, force: true });
});

const ROUNDS = Number(process.env.PLINTH_CRASH_ROUNDS ?? 50);
const KEYS = Array.from({ length: 1000 }, (_, i) => `k${i}`);

it(`a writer SIGKILLed at random moments ${ROUNDS} times leaves every value whole and every acknowledged write in place`, async () => {
  // The checker itself: a whole value passes; a truncated one or a mix of two generations does not.
  const whole = valueFor('k7', 3);
  const mixed = valueFor('k7', 4);
  mixed.set(whole.subarray(0, 16));
  expect(generationOf('k7', whole)).toBe(3);
  expect(typeof generationOf('k7', whole.subarray(0, whole.byteLength - 1))).toBe('string');
  expect(typeof generationOf('k7', mixed)).toBe('string');
  expect(typeof generationOf('k8', whole)).toBe('string');

  const storage = fsStorage({ dir });
  const writer = await bundleFixture('fs-writer-child.ts');
  bundles.push(path.dirname(writer));
  /** The generation each key held after the previous round (undefined: never written). */
  const known = new Map<string, number | undefined>();
  const verified = new Map<string, string>();
  let acknowledged = 0;
  let changedUnacknowledged = 0;
  const started = performance.now();
  for (let generation = 1; generation <= ROUNDS; generation++) {
    const start = Math.floor(Math.random() * 1000);
    const child = startFixture(writer, [dir, String(generation), String(start)]);
    await child.waitFor((line) => line === 'ready');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal ?? exit.code, exit.stderr).toBe(exit.signal === null ? 0 : 'SIGKILL');
    const acked = new Set(child.lines.filter((line) => line.startsWith('k')));
    acknowledged += acked.size;
    const fullCheck = generation % 10 === 0 || generation === ROUNDS;
    for (const key of KEYS) {
      const before = known.get(key);
      // Files are never changed in place, so a value whose version (inode, mtime, size) is the one verified
      // last round is that same file; every 10th round re-reads everything anyway.
      const stat = await storage.stat(key);
      if (!fullCheck && stat !== undefined && stat.version === verified.get(key) && !acked.has(key)) continue;
      const entry = await storage.get(key);
      if (entry === undefined) {
        expect(acked.has(key), `${key} was acknowledged in round ${generation} but is missing`).toBe(false);
        expect(before, `${key} held generation ${before} but is now missing`).toBeUndefined();
        continue;
      }
      const found = generationOf(key, entry.value);
      expect(typeof found === 'number' ? 'whole' : found, `${key} after round ${generation}`).toBe('whole');
      if (acked.has(key)) expect(found, `${key} was acknowledged in round ${generation}`).toBe(generation);
      else expect([before, generation], `${key} holds generation ${found}`).toContain(found);
      if (found === generation && !acked.has(key)) changedUnacknowledged++;
      known.set(key, found as number);
      verified.set(key, entry.version);
    }
  }
  const written = [...known.values()].filter((generation) => generation !== undefined).length;
  console.log(
    `${ROUNDS} SIGKILLed writers in ${Math.round(performance.now() - started)} ms: ${acknowledged} acknowledged writes, ` +
      `${changedUnacknowledged} committed just before the kill without an acknowledgement, ${written} keys written`,
  );
  expect(acknowledged).toBeGreaterThan(ROUNDS);
  // Listing shows only real keys, and removes the temp files the killed writers left behind.
  const listed = (await storage.list('', { limit: 10_000 })).keys;
  expect(listed).toEqual(KEYS.filter((key) => known.get(key) !== undefined).sort());
  expect(readdirSync(dir).filter((name) => name.startsWith('.t.'))).toEqual([]);
}, 180_000);
