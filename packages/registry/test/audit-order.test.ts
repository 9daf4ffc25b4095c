import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { spawnTsx } from './spawn-tsx.ts';

const PROCESSES = 3;
const MOVES = 100;

function runChild(directory: string, worker: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnTsx('alias-child.ts', [directory, String(worker), String(MOVES)]);
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker ${worker} exited ${code}: ${err}`)),
    );
  });
}

describe('audit events in commit order across processes (issue 9)', () => {
  it(`${PROCESSES} processes × ${MOVES} alias moves: history replays the alias exactly, in commit order`, async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-audit-'));
    try {
      const registry = createRegistry({ storage: fsStorage({ dir: directory }), actor: 'setup' });
      for (const text of ['1', '2', '3']) await registry.registerVersion('fraud', { artifact: text });
      await Promise.all(Array.from({ length: PROCESSES }, (_, worker) => runChild(directory, worker)));

      const events = (await registry.history('fraud')).filter((event) => event.type.startsWith('alias'));
      // Every committed move is recorded once (a move to the version already aliased commits nothing).
      expect(events.length).toBeGreaterThan(MOVES);
      expect(events.length).toBeLessThanOrEqual(PROCESSES * MOVES);
      // Commit order: the model document's sequence rises by one per move, with no gap and no repeat...
      const sequences = events.map((event) => event.sequence!);
      expect(sequences).toEqual(Array.from({ length: events.length }, (_, index) => sequences[0]! + index));
      // ...and replaying the events gives a chain: each move starts where the previous one ended.
      let current: number | undefined;
      for (const event of events) {
        expect(event.from).toBe(current);
        current = event.to as number;
      }
      expect((await registry.getModel('fraud')).aliases.champion).toBe(current);
      const reasons = new Set(events.map((event) => event.reason));
      expect(reasons.size).toBe(events.length);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);
});
