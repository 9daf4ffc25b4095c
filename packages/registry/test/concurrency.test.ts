import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';

const WORKERS = 4;
const PER_WORKER = 50;
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

function runChild(directory: string, worker: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@plinth/source',
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'register-child.ts'),
        directory,
        String(worker),
        String(PER_WORKER),
      ],
      { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim()) as number[]);
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
});
