// A child process of online-storage.test.ts: writes one row into a shared fs online store and exits.
import { fsStorage } from '@plinth/core/fs';
import { storageOnlineStore } from '../src/online/storage/store.ts';

const [directory, idText, valueText, tsText] = process.argv.slice(2);
if (!directory || !idText || !valueText || !tsText)
  throw new Error('usage: online-writer-child.ts <dir> <id> <value> <ts>');
const store = storageOnlineStore({ storage: fsStorage({ dir: directory }), shards: 4 });
const view = { name: 'shared', joinKeys: ['id'], features: ['value'] };
await store.write({
  view,
  length: 1,
  keys: [[Number(idText)]],
  features: ['value'],
  values: [[Number(valueText)]],
  eventTimestamps: [Number(tsText)],
});
await store.close();
