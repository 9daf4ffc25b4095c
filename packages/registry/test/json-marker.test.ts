import { describe, expect, it } from 'vitest';
import { bytesOf, freshRegistry } from './fixtures.ts';

describe('input examples shaped like the storage JSON number marker (issue 9)', () => {
  it("inputExample: { '$plinth:number': 'hello' } reads back as written, not NaN", async () => {
    const { registry } = freshRegistry();
    const examples: unknown[] = [
      { $plinth: 1 },
      { '$plinth:number': 'hello' },
      { '$plinth:number': 'NaN' },
      { '$plinth:number': 'Infinity', other: 1 },
      [{ '$plinth:number': '-Infinity' }],
      { nested: { '$plinth:number': '1e999' } },
    ];
    for (const [index, inputExample] of examples.entries()) {
      const version = await registry.registerVersion('m', { artifact: bytesOf(String(index)), inputExample });
      expect((await registry.getVersion({ name: 'm', version: version.version })).inputExample).toEqual(
        inputExample,
      );
    }
    const special = await registry.registerVersion('m', {
      artifact: bytesOf('special'),
      inputExample: { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negative: Number.NEGATIVE_INFINITY },
    });
    const read = (await registry.getVersion({ name: 'm', version: special.version })).inputExample as Record<
      string,
      number
    >;
    expect(Number.isNaN(read.nan)).toBe(true);
    expect(read.inf).toBe(Number.POSITIVE_INFINITY);
    expect(read.negative).toBe(Number.NEGATIVE_INFINITY);
  });
});
