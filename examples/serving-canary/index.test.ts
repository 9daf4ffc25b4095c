import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.ts';
import { runClient } from './client.ts';
import { expectedScore, MODELS, registerModels } from './models.ts';
import { startServer } from './server.ts';

describe('examples/serving-canary', () => {
  it('runs as its README says', async () => {
    const out = await runExample('serving-canary/index.ts');
    expect(out).toMatch(/canary: challenger completed/);
    expect(out).toMatch(/answers by route: challenger \d+, champion \d+/);
    expect(out).toMatch(/shadow candidate: 1000 mirrored requests, 0 errors/);
  }, 180_000);

  it('every answer is the score of the model of the route that answered; bad requests are 400 and 404', async () => {
    const registry = createRegistry({ storage: memoryStorage() });
    const versions = await registerModels(registry);
    const server = await startServer(registry);
    const events: string[] = [];
    server.deployment.on('canary-complete', () => events.push('complete'));
    try {
      const { routes } = await runClient(server.url, 1000, (features, answer) => {
        const route = answer.parameters.route as 'champion' | 'challenger';
        expect(answer.model_version).toBe(String(versions[route]));
        expect(answer.outputs[0]!.data[0]).toBeCloseTo(expectedScore(MODELS[route], features), 6);
      });
      expect(routes.champion! + routes.challenger!).toBe(1000);
      expect(events).toEqual(['complete']);
      const bad = await fetch(`${server.url}/v2/models/fraud/infer`, {
        method: 'POST',
        body: '{"inputs":[{"name":"features","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}',
      });
      expect(bad.status).toBe(400);
      expect((await fetch(`${server.url}/v2/models/nope/infer`, { method: 'POST', body: '{}' })).status).toBe(
        404,
      );
    } finally {
      await server.close();
    }
    expect(server.deployment.stats().shadow[0]).toMatchObject({
      name: 'candidate',
      requests: 1000,
      errors: 0,
    });
  }, 180_000);
});
