// Registers three models, serves them behind one endpoint (champion, a canary challenger, a shadow candidate)
// and sends 1,000 requests from a client. `-- --serve` keeps the server up on port 8080 instead.
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { runClient } from './client.ts';
import { registerModels } from './models.ts';
import { startServer } from './server.ts';

const registry = createRegistry({ storage: memoryStorage(), actor: 'example' });
const versions = await registerModels(registry);
const serve = process.argv.includes('--serve');
const server = await startServer(registry, serve ? 8080 : 0);
server.deployment.on('canary-step', (event) =>
  console.log(`canary: ${event.route} now gets ${event.percent}% of the traffic`),
);
server.deployment.on('canary-complete', (event) => console.log(`canary: ${event.route} completed`));
console.log(
  `serving fraud v${versions.champion} (champion), v${versions.challenger} (canary), v${versions.candidate} (shadow) at ${server.url}/v2/models/fraud/infer`,
);
if (serve) {
  console.log(
    'try: curl -s -XPOST -H "content-type: application/json" -d \'{"inputs":[{"name":"features","datatype":"FP32","shape":[1,2],"data":[1.5,0.3]}]}\' http://127.0.0.1:8080/v2/models/fraud/infer',
  );
} else {
  const { live, metadata, routes } = await runClient(server.url, 1000);
  console.log(`ready: ${live.ready}; model inputs: ${JSON.stringify(metadata.inputs)}`);
  console.log(
    `answers by route: ${Object.entries(routes)
      .sort()
      .map(([route, count]) => `${route} ${count}`)
      .join(', ')}`,
  );
  const shadow = server.deployment.stats().shadow[0]!;
  await server.close(); // waits for the shadow copies still running
  console.log(
    `shadow ${shadow.name}: ${server.deployment.stats().shadow[0]!.requests} mirrored requests, ${shadow.errors} errors`,
  );
}
