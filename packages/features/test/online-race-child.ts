// A child process of online-race.test.ts: writes its share of the race plan into a shared fs online store
// once the parent says "go", counting the compare-and-set conflicts its storage saw.
import { createInterface } from 'node:readline';
import { PlinthError, type StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { storageOnlineStore } from '../src/online/storage/store.ts';
import { RACE_ENTITIES, raceTimestamp } from './online-race-plan.ts';

const [directory, writerText, roundsText] = process.argv.slice(2);
if (!directory || !writerText || !roundsText)
  throw new Error('usage: online-race-child.ts <dir> <writer> <rounds>');
const writer = Number(writerText);
const base = fsStorage({ dir: directory });
let conflicts = 0;
const storage: StorageAdapter = {
  ...base,
  put: async (key, value, options) => {
    try {
      return await base.put(key, value, options);
    } catch (error) {
      if (PlinthError.is(error, 'PLINTH_CONFLICT')) conflicts++;
      throw error;
    }
  },
};
const store = storageOnlineStore({ storage, shards: 4 });
const view = { name: 'race', joinKeys: ['id'], features: ['writer', 'round'] };
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
const rounds = Number(roundsText);
for (let step = 0; step < rounds; step++) {
  const round = writer === 0 ? step : rounds - 1 - step; // one writer goes forward, the other backward
  const ids = Array.from({ length: RACE_ENTITIES }, (_, entity) => entity);
  await store.write({
    view,
    length: ids.length,
    keys: ids.map((id) => [id]),
    features: view.features,
    values: [ids.map(() => writer), ids.map(() => round)],
    eventTimestamps: ids.map((id) => raceTimestamp(writer, round, id)),
  });
}
process.stdout.write(`done ${conflicts}\n`);
