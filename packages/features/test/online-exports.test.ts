import { describe, expect, it } from 'vitest';

/** The runtime export names of an entry, sorted: a change to the public surface shows in this file's diff. */
async function names(specifier: string): Promise<string[]> {
  return Object.keys(await import(/* @vite-ignore */ specifier)).sort();
}

describe('public surface of @plinth/features', () => {
  it('the redis entry (Node)', async () => {
    expect(await names('@plinth/features/redis')).toMatchInlineSnapshot(`
      [
        "redisOnlineStore",
      ]
    `);
  });

  it('the testing entry', async () => {
    expect(await names('@plinth/features/testing')).toMatchInlineSnapshot(`
      [
        "onlineStoreContract",
      ]
    `);
  });
});
