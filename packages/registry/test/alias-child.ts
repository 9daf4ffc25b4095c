// A child process of audit-order.test.ts: moves the alias "champion" of model "fraud" `count` times in a shared
// fsStorage registry, cycling through versions 1..3 from an offset of its own.
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';

const [directory, worker, countText] = process.argv.slice(2);
if (!directory || !worker || !countText) throw new Error('usage: alias-child.ts <dir> <worker> <count>');
const registry = createRegistry({ storage: fsStorage({ dir: directory }), actor: `worker-${worker}` });
for (let index = 0; index < Number(countText); index++) {
  await registry.setAlias('fraud', 'champion', ((index + Number(worker)) % 3) + 1, {
    reason: `${worker}/${index}`,
  });
}
process.stdout.write('done\n');
