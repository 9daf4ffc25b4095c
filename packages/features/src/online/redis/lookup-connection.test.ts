import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupTarget, mgetCommand, msetnxCommand, respCommand } from './lookup-connection.ts';

describe('lookup connection', () => {
  it('writes MGET as the RESP of its keys spelled out, for any prefixes and bucket numbers', () => {
    expect(mgetCommand([Buffer.from('p:')], [0, 0], [7, 1234], 2, ['l:1']).toString()).toBe(
      '*4\r\n$4\r\nMGET\r\n$3\r\np:7\r\n$6\r\np:1234\r\n$3\r\nl:1\r\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', ':', 'é', '\x1e', '9'), maxLength: 12 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 ** 24 })), { maxLength: 20 }),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
        (prefixes, slots, tail) => {
          const prefixOf = slots.map(([p]) => p % prefixes.length);
          const buckets = slots.map(([, b]) => b);
          const bytes = mgetCommand(
            prefixes.map((p) => Buffer.from(p)),
            prefixOf,
            buckets,
            slots.length,
            tail,
          );
          const keys = slots.map((_, i) => `${prefixes[prefixOf[i]!]}${buckets[i]}`);
          expect(bytes.equals(respCommand(['MGET', ...keys, ...tail]))).toBe(true);
        },
      ),
    );
  });

  it('reads a redis:// URL as node-redis does, and leaves other URLs to node-redis', () => {
    expect(lookupTarget('redis://127.0.0.1:6379')).toEqual({
      host: '127.0.0.1',
      port: 6379,
      username: undefined,
      password: undefined,
      database: undefined,
    });
    expect(lookupTarget('redis://al%40ice:p%3Ass@cache.local/3')).toEqual({
      host: 'cache.local',
      port: 6379,
      username: 'al@ice',
      password: 'p:ss',
      database: 3,
    });
    expect(lookupTarget('redis://:secret@[::1]:7000')).toMatchObject({
      host: '::1',
      port: 7000,
      username: undefined,
      password: 'secret',
    });
    expect(lookupTarget('rediss://cache.local:6380')).toBeUndefined();
    expect(lookupTarget('redis://cache.local/x')).toBeUndefined();
  });
});

describe('MSETNX bytes', () => {
  it('spell out the command, in a given buffer when it is large enough', () => {
    const keys = ['b:1', 'b:é'];
    const values = ['\x1c["x"]\x1e1', new Uint8Array(Buffer.from('bytes ✓'))];
    const expected = respCommand(['MSETNX', 'b:1', '\x1c["x"]\x1e1', 'b:é', 'bytes ✓']);
    const fresh = msetnxCommand(keys, values);
    expect(fresh.bytes.equals(expected)).toBe(true);
    const large = Buffer.alloc(4096, 0x41);
    const reused = msetnxCommand(keys, values, large);
    expect(reused.storage).toBe(large);
    expect(reused.bytes.equals(expected)).toBe(true);
    const small = Buffer.alloc(8);
    const grown = msetnxCommand(keys, values, small);
    expect(grown.storage).not.toBe(small);
    expect(grown.bytes.equals(expected)).toBe(true);
  });
});
