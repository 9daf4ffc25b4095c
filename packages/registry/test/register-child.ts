// A child process of concurrency.test.ts: registers `count` versions of one model in a shared fsStorage.
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';

const [directory, worker, countText] = process.argv.slice(2);
if (!directory || !worker || !countText) throw new Error('usage: register-child.ts <dir> <worker> <count>');
const registry = createRegistry({ storage: fsStorage({ dir: directory }), actor: `worker-${worker}` });
const registered: number[] = [];
for (let index = 0; index < Number(countText); index++) {
  const version = await registry.registerVersion('fraud', {
    artifact: new TextEncoder().encode(`worker ${worker} model ${index}`),
    tags: { worker, index: String(index) },
  });
  registered.push(version.version);
  process.stdout.write(`registered ${version.version}\n`);
}
process.stdout.write(`${JSON.stringify(registered)}\n`);
