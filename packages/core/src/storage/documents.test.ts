import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { PlinthError } from '../errors/plinth-error.ts';
import { documentStore } from './documents.ts';
import { memoryStorage } from './memory.ts';

describe('documentStore', () => {
  const Counter = z.object({ count: z.number(), values: z._default(z.array(z.number()), []) });

  it('validates on read and reports a corrupt document as PLINTH_STORAGE', async () => {
    const storage = memoryStorage();
    const docs = documentStore(storage, { component: 'test' });
    await docs.put('doc', { count: 1 });
    expect((await docs.get('doc', Counter))?.value).toEqual({ count: 1, values: [] });
    await storage.put('doc', '{"count":"one"}');
    await expect(docs.get('doc', Counter)).rejects.toSatisfy(
      (error) => PlinthError.is(error, 'PLINTH_STORAGE') && /count/.test((error as Error).message),
    );
    await storage.put('doc', 'not json');
    await expect(docs.get('doc', Counter)).rejects.toSatisfy((error) =>
      PlinthError.is(error, 'PLINTH_STORAGE'),
    );
    expect(await docs.get('missing', Counter)).toBeUndefined();
  });

  it('update retries lost races so 50 concurrent increments all land', async () => {
    const docs = documentStore(memoryStorage());
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        docs.update('counter', Counter, async (current) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return { count: (current?.count ?? 0) + 1, values: [...(current?.values ?? []), i] };
        }),
      ),
    );
    const final = await docs.get('counter', Counter);
    expect(final?.value.count).toBe(50);
    expect([...final!.value.values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('update returning undefined leaves the document alone', async () => {
    const docs = documentStore(memoryStorage());
    expect(await docs.update('x', Counter, () => undefined)).toBeUndefined();
    await docs.put('x', { count: 2 });
    const before = await docs.get('x', Counter);
    expect((await docs.update('x', Counter, () => undefined))?.version).toBe(before?.version);
  });
});
