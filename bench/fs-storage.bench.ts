import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { type BenchCase, machine, ratioOf, report, timeCases } from './lib/harness.ts';
import { rawDurableWrite } from './lib/raw-fs.ts';

/** Raw baseline 1: write a temp file and rename it over the target (atomic, not durable). */
async function rawWrite(file: string, bytes: Uint8Array): Promise<void> {
  await writeFile(`${file}.tmp`, bytes);
  await rename(`${file}.tmp`, file);
}

/**
 * fsStorage put/get of 1 KiB and 1 MiB values against raw fs calls on the same bytes, interleaved in one run.
 * Each sample writes (or reads) `count` values one after another, overwriting a rotating set of keys.
 */
export default async function fsStorageBench(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plinth-bench-fs-'));
  const durable = fsStorage({ dir: path.join(root, 'plinth') });
  const fast = fsStorage({ dir: path.join(root, 'plinth-nofsync'), fsync: false });
  const rawDir = path.join(root, 'raw');
  mkdirSync(rawDir);
  const sizes = [
    { label: '1 KiB', bytes: 1024, count: 100 },
    { label: '1 MiB', bytes: 1024 * 1024, count: 10 },
  ];
  const cases: BenchCase[] = [];
  for (const size of sizes) {
    const value = new Uint8Array(size.bytes).map((_, i) => (i * 31) & 255);
    const keys = Array.from({ length: size.count }, (_, i) => `bench/${size.label.replace(' ', '')}/k${i}`);
    const rawFiles = keys.map((_, i) => path.join(rawDir, `${size.bytes}-${i}`));
    for (const [i, key] of keys.entries()) {
      await durable.put(key, value);
      await fast.put(key, value);
      await rawWrite(rawFiles[i]!, value);
    }
    const each = (run: (i: number) => Promise<unknown>) => async () => {
      for (let i = 0; i < size.count; i++) await run(i);
      return size.count;
    };
    cases.push(
      { label: `fsStorage put ${size.label}`, run: each((i) => durable.put(keys[i]!, value)) },
      {
        label: `raw write+fsync+rename+dir-fsync ${size.label}`,
        run: each((i) => rawDurableWrite(rawFiles[i]!, value)),
      },
      { label: `fsStorage put fsync:false ${size.label}`, run: each((i) => fast.put(keys[i]!, value)) },
      { label: `raw writeFile+rename ${size.label}`, run: each((i) => rawWrite(rawFiles[i]!, value)) },
      { label: `fsStorage get ${size.label}`, run: each((i) => durable.get(keys[i]!)) },
      { label: `raw readFile ${size.label}`, run: each((i) => readFile(rawFiles[i]!)) },
    );
  }
  const results = await timeCases(cases, { samples: 15, warmup: 2 });
  const ratios: Record<string, number> = {};
  for (const size of sizes) {
    const s = size.label;
    ratios[`put ${s} (fsync) / raw durable write`] = ratioOf(
      results,
      `fsStorage put ${s}`,
      `raw write+fsync+rename+dir-fsync ${s}`,
    );
    ratios[`put ${s} (fsync) / raw writeFile+rename`] = ratioOf(
      results,
      `fsStorage put ${s}`,
      `raw writeFile+rename ${s}`,
    );
    ratios[`raw durable / raw writeFile+rename ${s}`] = ratioOf(
      results,
      `raw write+fsync+rename+dir-fsync ${s}`,
      `raw writeFile+rename ${s}`,
    );
    ratios[`put ${s} fsync:false / raw writeFile+rename`] = ratioOf(
      results,
      `fsStorage put fsync:false ${s}`,
      `raw writeFile+rename ${s}`,
    );
    ratios[`get ${s} / raw readFile`] = ratioOf(results, `fsStorage get ${s}`, `raw readFile ${s}`);
  }
  report({ name: 'fs-storage', results, ratios, extra: { machine: machine(), filesystem: os.tmpdir() } });
  rmSync(root, { recursive: true, force: true });
}
