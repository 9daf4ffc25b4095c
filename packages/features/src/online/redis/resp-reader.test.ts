import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RespReply, respReader } from './resp-reader.ts';

/** The replies (arrays as lists of strings, nil as null) and protocol errors a reader gives for `chunks`. */
function read(chunks: readonly Buffer[]) {
  const replies: unknown[] = [];
  const errors: string[] = [];
  const reader = respReader({
    reply: (reply: RespReply) => {
      if (reply.kind !== 'array') {
        replies.push(reply);
        return;
      }
      const list: (string | null)[] = [];
      for (let i = 0; i < reply.starts.length; i++) {
        list.push(
          reply.starts[i]! < 0 ? null : reply.data.toString('utf8', reply.starts[i]!, reply.ends[i]!),
        );
      }
      replies.push(list);
    },
    protocolError: (error) => errors.push(error.message),
  });
  for (const chunk of chunks) reader.push(chunk);
  return { replies, errors };
}

/** `bytes` cut at the given offsets. */
const cut = (bytes: Buffer, at: readonly number[]) => {
  const points = [...new Set(at)].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
};

/** RESP2 of an MGET reply. */
const bulkArray = (values: readonly (string | null)[]) =>
  `*${values.length}\r\n${values.map((v) => (v === null ? '$-1\r\n' : `$${Buffer.byteLength(v)}\r\n${v}\r\n`)).join('')}`;

describe('respReader', () => {
  it('reads the reply kinds the lookup connection meets, written by hand', () => {
    const { replies, errors } = read([
      Buffer.from(
        '+OK\r\n-ERR wrong number of arguments\r\n:42\r\n:-7\r\n*0\r\n*3\r\n$3\r\nabc\r\n$-1\r\n$0\r\n\r\n',
      ),
    ]);
    expect(errors).toEqual([]);
    expect(replies).toEqual([
      { kind: 'simple', text: 'OK' },
      { kind: 'error', message: 'ERR wrong number of arguments' },
      { kind: 'integer', value: 42 },
      { kind: 'integer', value: -7 },
      [],
      ['abc', null, ''],
    ]);
  });

  it('keeps bulk strings holding CR, LF, separators and multi-byte text whole', () => {
    const values = ['a\r\nb', '\x1c["f"]\x1e\x1f', 'é ✓ 𝄞', '\r\n', null];
    expect(read([Buffer.from(bulkArray(values))]).replies).toEqual([values]);
  });

  it('gives the same replies however the bytes are cut into chunks', () => {
    const value = fc.option(
      fc.string({ unit: fc.constantFrom('a', '\r', '\n', '$', '*', 'é', '-'), maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (arrays, points) => {
          const bytes = Buffer.from(arrays.map(bulkArray).join('') + '+OK\r\n');
          const { replies, errors } = read(
            cut(
              bytes,
              points.map((p) => p % (bytes.length + 1)),
            ),
          );
          expect(errors).toEqual([]);
          expect(replies).toEqual([...arrays, { kind: 'simple', text: 'OK' }]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('cut at every byte: a reply of large buckets, then another in the same chunk', () => {
    const values = ['x'.repeat(70_000), null, 'y'.repeat(10)];
    const bytes = Buffer.from(bulkArray(values) + bulkArray(['z']));
    for (const at of [1, 5, 9, 70_010, bytes.length - 12, bytes.length - 1]) {
      expect(read(cut(bytes, [at])).replies).toEqual([values, ['z']]);
    }
    // one byte at a time
    const single = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(read(single).replies).toEqual([values, ['z']]);
  });

  it('a reply handed out stays intact while later bytes arrive', () => {
    const kept: RespReply[] = [];
    const reader = respReader({ reply: (reply) => kept.push(reply), protocolError: () => {} });
    const first = Buffer.from(bulkArray(['first', 'one']));
    // the first reply ends inside a chunk that starts the second, so the reader holds a window it owns
    reader.push(first.subarray(0, 10));
    reader.push(Buffer.concat([first.subarray(10), Buffer.from('*1\r\n$6\r\nsec')]));
    reader.push(Buffer.from('ond\r\n'));
    const [a, b] = kept as [RespReply & { kind: 'array' }, RespReply & { kind: 'array' }];
    expect(a.data.toString('utf8', a.starts[0], a.ends[0])).toBe('first');
    expect(a.data.toString('utf8', a.starts[1], a.ends[1])).toBe('one');
    expect(b.data.toString('utf8', b.starts[0], b.ends[0])).toBe('second');
  });

  it('refuses malformed replies and reads nothing after', () => {
    for (const text of [
      '?what\r\n',
      '*1\r\n:5\r\n',
      '*1\r\n$3\r\nabcd\r\n',
      '*x\r\n',
      '*1\r\n$-2\r\n',
      ':1\rX',
    ]) {
      const { replies, errors } = read([Buffer.from(`${text}+OK\r\n`)]);
      expect(errors, text).toHaveLength(1);
      expect(errors[0]).toMatch(/^unexpected reply from Redis/);
      expect(replies, text).toEqual([]);
    }
  });
});

describe('respReader windows', () => {
  it('writes later replies over a window only once the arrays read from it are released', () => {
    const kept: (RespReply & { kind: 'array' })[] = [];
    const reader = respReader({
      reply: (reply) => kept.push(reply as RespReply & { kind: 'array' }),
      protocolError: (error) => {
        throw error;
      },
    });
    const text = (reply: RespReply & { kind: 'array' }) =>
      reply.data.toString('utf8', reply.starts[0], reply.ends[0]);
    reader.push(Buffer.from(bulkArray(['first'])));
    // not released: the next reply goes after it, the first stays readable
    reader.push(Buffer.from(bulkArray(['second'])));
    expect(kept[1]!.data).toBe(kept[0]!.data);
    expect([text(kept[0]!), text(kept[1]!)]).toEqual(['first', 'second']);
    kept[0]!.release();
    kept[1]!.release();
    kept[1]!.release(); // twice: counted once
    // all released: the window is reused from its start
    reader.push(Buffer.from(bulkArray(['third'])));
    expect(kept[2]!.data).toBe(kept[0]!.data);
    expect(kept[2]!.starts[0]).toBe(kept[0]!.starts[0]);
    expect(text(kept[2]!)).toBe('third');
    // a reply larger than the window while the third is held: a new window, the third untouched
    const large = 'L'.repeat(200_000);
    reader.push(Buffer.from(bulkArray([large])));
    expect(kept[3]!.data).not.toBe(kept[2]!.data);
    expect(text(kept[3]!)).toBe(large);
    expect(text(kept[2]!)).toBe('third');
  });

  it('keeps the bytes of a reply in progress when it moves them to the start of a reused window', () => {
    const kept: (RespReply & { kind: 'array' })[] = [];
    const reader = respReader({
      reply: (reply) => kept.push(reply as RespReply & { kind: 'array' }),
      protocolError: () => {},
    });
    const texts = (reply: RespReply & { kind: 'array' }) =>
      Array.from(reply.starts, (start, i) => reply.data.toString('utf8', start, reply.ends[i]));
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}-${'v'.repeat(i * 40)}`);
    const bytes = Buffer.from(bulkArray(values));
    for (let round = 0; round < 5; round++) {
      // each reply arrives in uneven pieces, and the one before is released only after the next has begun
      const cutAt = 100 + round * 977;
      reader.push(bytes.subarray(0, cutAt));
      kept[round - 1]?.release();
      reader.push(bytes.subarray(cutAt));
      expect(texts(kept[round]!)).toEqual(values);
    }
  });
});
