// A deployment with a progressive canary and a shadow route, mounted as an Open Inference Protocol (KServe v2)
// endpoint in a plain node:http server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from '@plinth/registry';
import { createDeployment, createInferenceHandler, type Deployment, loadModel } from '@plinth/serving';
import { seededRandom } from '../demo/random.ts';

export async function startServer(registry: Registry, port = 0) {
  const load = (alias: string) => loadModel({ registry, uri: `models:/fraud@${alias}` }, { warmup: true });
  const deployment: Deployment = createDeployment({
    name: 'fraud',
    routes: [
      { name: 'champion', model: await load('champion'), weight: 1 },
      { name: 'challenger', model: await load('challenger'), weight: 0 },
    ],
    // The challenger's share climbs 10 → 50 → 100 % every 50 of its requests while it errs on < 5 % of them.
    canary: {
      route: 'challenger',
      steps: [10, 50, 100],
      holdRequests: 50,
      guards: { maxErrorRate: 0.05, minRequests: 20 },
    },
    // Every request is mirrored to the candidate; its answers never reach the client.
    shadow: [{ name: 'candidate', model: await load('candidate'), percent: 100 }],
    batching: { maxBatchSize: 32 },
    random: seededRandom(1), // reproducible routing for the example's test; omit in production
  });
  const handler = createInferenceHandler(deployment);
  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const response = await handler(
      new Request(`http://localhost${incoming.url}`, {
        method: incoming.method ?? 'GET',
        headers: incoming.headers as Record<string, string>,
        ...(incoming.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deployment,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deployment.close();
    },
  };
}
