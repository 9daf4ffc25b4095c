import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { spawnTsx } from './spawn-tsx.ts';

const WORKERS = 4;
const PER_WORKER = 50;

function spawnChild(directory: string, worker: number, count: number) {
  return spawnTsx('register-child.ts', [directory, String(worker), String(count)]);
}

function runChild(directory: string, worker: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(directory, worker, PER_WORKER);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as number[]);
      else reject(new Error(`worker ${worker} exited with ${code}: ${err}`));
    });
  });
}

describe('concurrent registration', () => {
  it(`${WORKERS} processes registering ${PER_WORKER} versions each get 1..${WORKERS * PER_WORKER}, once each`, async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-race-'));
    try {
      const registry = createRegistry({ storage: fsStorage({ dir: directory }) });
      await registry.createModel('fraud');
      const results = await Promise.all(
        Array.from({ length: WORKERS }, (_, worker) => runChild(directory, worker)),
      );
      const total = WORKERS * PER_WORKER;
      const claimed = results.flat().sort((a, b) => a - b);
      expect(claimed).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      for (const list of results) expect([...list].sort((a, b) => a - b)).toEqual(list);

      const versions = await registry.listVersions('fraud');
      expect(versions.map((version) => version.version)).toEqual(claimed);
      const owners = new Set(versions.map((version) => `${version.tags.worker}/${version.tags.index}`));
      expect(owners.size).toBe(total);
      for (const [worker, list] of results.entries()) {
        for (const [index, number] of list.entries()) {
          const version = versions[number - 1]!;
          expect(version.tags).toEqual({ worker: String(worker), index: String(index) });
          expect(version.createdBy).toBe(`worker-${worker}`);
        }
      }
      expect((await registry.getVersion('models:/fraud/latest')).version).toBe(total);

      const history = await registry.history('fraud');
      const registrations = history.filter((event) => event.type === 'registered');
      expect(registrations.length).toBe(total);
      expect(registrations.map((event) => event.version).sort((a, b) => a! - b!)).toEqual(claimed);
      expect(history.length).toBe(total + 1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);

  it('stays gap-free when a registering process is killed with SIGKILL mid-run', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-kill-'));
    try {
      const registry = createRegistry({ storage: fsStorage({ dir: directory }) });
      await registry.createModel('fraud');
      const victims = [spawnChild(directory, 0, 10_000), spawnChild(directory, 1, 10_000)];
      const exits = victims.map((child) => new Promise((resolve) => child.on('exit', resolve)));
      let seen = 0;
      await new Promise<void>((resolve) => {
        for (const child of victims) {
          child.stdout.on('data', (chunk: Buffer) => {
            seen += chunk.toString().split('registered').length - 1;
            if (seen >= 30) resolve();
          });
        }
      });
      for (const child of victims) child.kill('SIGKILL');
      await Promise.all(exits);

      const survivors = await registry.listVersions('fraud');
      const numbers = survivors.map((version) => version.version);
      expect(numbers.length).toBeGreaterThanOrEqual(30);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
      const next = await registry.registerVersion('fraud', {
        artifact: new TextEncoder().encode('after the crash'),
      });
      expect(next.version).toBe(numbers.length + 1);
      expect((await registry.getVersion('models:/fraud/latest')).version).toBe(next.version);
      for (const version of survivors) {
        const bytes = await registry.loadArtifact(version);
        expect(new TextDecoder().decode(bytes)).toBe(
          `worker ${version.tags.worker} model ${version.tags.index}`,
        );
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
