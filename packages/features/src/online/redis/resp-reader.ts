// A reader of the Redis replies the store's lookup connection gets: RESP2 simple strings, errors, integers, and
// arrays of bulk strings (what MGET answers). It keeps the bytes it is given in one window and hands out an
// array's bulk strings as offsets into it, so a reply of hundreds of buckets is one buffer and two Int32Arrays,
// not an object per bucket.

const CR = 13;
const LF = 10;

/**
 * An array of bulk strings as offsets into `data`: bulk `i` is `data[starts[i], ends[i])`, or nil when `starts[i]`
 * is -1. `data` is the reader's window: call `release()` once done reading it, and the reader may write later
 * replies over it (until then it stays as it is; a reply never released only costs the reader a new window).
 */
export interface BulkArray {
  readonly kind: 'array';
  readonly data: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  release(): void;
}

/** One reply: an array of bulk strings, a simple string, an integer, or an error reply. */
export type RespReply =
  | BulkArray
  | { readonly kind: 'simple'; readonly text: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'error'; readonly message: string };

/** What {@link respReader} calls: each complete reply in order, or a protocol error (then it reads no more). */
export interface RespHandlers {
  reply(reply: RespReply): void;
  protocolError(error: Error): void;
}

/** A line's type byte and where its text ends (at the CR), or undefined while the line is incomplete. */
interface Line {
  type: number;
  textStart: number;
  textEnd: number;
  next: number;
}

/** A window larger than this is dropped once nothing in it is needed (a huge reply does not pin its memory). */
const KEEP_WINDOW_BYTES = 4 << 20;

/**
 * A streaming reader: `push` each chunk the socket gives (copied: the chunk may be reused for the next read);
 * complete replies reach `handlers.reply` in order. Bytes are gathered into one window, reused from its start once
 * every array handed out of it is released and grown by doubling when a reply outgrows it, so a steady stream of
 * lookups allocates no memory for bytes at all.
 */
export function respReader(handlers: RespHandlers) {
  /** Received bytes: `window[0, filled)`, parsing at `pos`. */
  let window: Buffer | undefined;
  let filled = 0;
  let pos = 0;
  /** Arrays handed out of the current window and not released yet. */
  let handedOut = 0;
  /** The array reply in progress: its first byte, its bulk offsets, the next bulk, and a bulk body's length. */
  let replyStart = 0;
  let starts: Int32Array | undefined;
  let ends: Int32Array | undefined;
  let index = 0;
  let bodyLength = -1;
  let failed = false;

  const fail = (message: string) => {
    failed = true;
    window = undefined;
    handlers.protocolError(new Error(`unexpected reply from Redis: ${message}`));
  };

  /** Reads the line at `pos`, or undefined when its CRLF has not arrived yet. */
  const line = (): Line | undefined => {
    const buffer = window!;
    for (let at = pos + 1; at + 1 < filled; at++) {
      if (buffer[at] === CR) {
        // RESP ends every line with CRLF: anything else is refused by the caller (next -1)
        return {
          type: buffer[pos]!,
          textStart: pos + 1,
          textEnd: at,
          next: buffer[at + 1] === LF ? at + 2 : -1,
        };
      }
    }
    return undefined;
  };

  /** The decimal integer of a line's text, or NaN. */
  const integerOf = (text: Line): number => {
    const buffer = window!;
    let at = text.textStart;
    const negative = buffer[at] === 45; // -
    if (negative) at++;
    if (at === text.textEnd) return Number.NaN;
    let value = 0;
    for (; at < text.textEnd; at++) {
      const digit = buffer[at]! - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  };

  /** Parses what the window holds; stops at an incomplete reply. */
  const parse = () => {
    while (!failed && window !== undefined && pos < filled) {
      if (starts === undefined) {
        const head = line();
        if (head === undefined) return;
        if (head.next < 0) return fail('a line without CRLF');
        const text = () => window!.toString('utf8', head.textStart, head.textEnd);
        switch (head.type) {
          case 43: // +
            pos = head.next;
            handlers.reply({ kind: 'simple', text: text() });
            break;
          case 45: // -
            pos = head.next;
            handlers.reply({ kind: 'error', message: text() });
            break;
          case 58: {
            // :
            const value = integerOf(head);
            if (Number.isNaN(value)) return fail('a malformed integer');
            pos = head.next;
            handlers.reply({ kind: 'integer', value });
            break;
          }
          case 42: {
            // *
            const count = integerOf(head);
            if (!Number.isSafeInteger(count) || count < -1) return fail('a malformed array length');
            replyStart = pos;
            pos = head.next;
            if (count <= 0) {
              handlers.reply(handOut(new Int32Array(0), new Int32Array(0)));
              break;
            }
            starts = new Int32Array(count);
            ends = new Int32Array(count);
            index = 0;
            bodyLength = -1;
            break;
          }
          default:
            return fail(`a reply of type ${JSON.stringify(String.fromCharCode(head.type))}`);
        }
        continue;
      }
      if (bodyLength < 0) {
        const head = line();
        if (head === undefined) return;
        const length = integerOf(head);
        if (head.next < 0 || head.type !== 36 || !Number.isSafeInteger(length) || length < -1)
          return fail('an array element that is not a bulk string');
        pos = head.next;
        if (length === -1) {
          starts[index] = -1;
          ends![index] = -1;
          index++;
        } else {
          bodyLength = length;
        }
      } else {
        if (filled < pos + bodyLength + 2) return;
        if (window[pos + bodyLength] !== CR || window[pos + bodyLength + 1] !== LF)
          return fail('a bulk string longer than its length');
        starts[index] = pos;
        ends![index] = pos + bodyLength;
        index++;
        pos += bodyLength + 2;
        bodyLength = -1;
      }
      if (index === starts.length) {
        const done = handOut(starts, ends!);
        starts = undefined;
        ends = undefined;
        handlers.reply(done);
      }
    }
  };

  /** An array reply of the current window, counted until released. */
  const handOut = (offsets: Int32Array, stops: Int32Array): BulkArray => {
    const owner = window!;
    let released = false;
    handedOut++;
    return {
      kind: 'array',
      data: owner,
      starts: offsets,
      ends: stops,
      release() {
        if (released) return;
        released = true;
        if (window === owner) handedOut--;
      },
    };
  };

  /** Moves every offset in use back by `shift` (the bytes before the reply in progress were dropped). */
  const rebase = (shift: number) => {
    if (shift === 0) return;
    if (starts !== undefined) {
      for (let i = 0; i < index; i++) {
        if (starts[i]! >= 0) {
          starts[i] = starts[i]! - shift;
          ends![i] = ends![i]! - shift;
        }
      }
    }
    pos -= shift;
    replyStart -= shift;
    filled -= shift;
  };

  /** Copies `chunk` after the bytes still needed (from the reply in progress, or the parse point, on). */
  const append = (chunk: Buffer) => {
    const keep = starts === undefined ? pos : replyStart;
    if (window !== undefined) {
      if (handedOut === 0 && keep > 0) {
        // nothing handed out reads this window: the bytes still needed move to its start
        window.copyWithin(0, keep, filled);
        rebase(keep);
      }
      if (filled + chunk.length <= window.length) {
        chunk.copy(window, filled);
        filled += chunk.length;
        return;
      }
    }
    // a new window: arrays handed out keep the old one
    const from = window === undefined ? 0 : starts === undefined ? pos : replyStart;
    const size = filled - from + chunk.length;
    const next = Buffer.allocUnsafe(Math.max(size * 2, 64 * 1024));
    window?.copy(next, 0, from, filled);
    chunk.copy(next, filled - from);
    rebase(from);
    filled = size;
    window = next;
    handedOut = 0;
  };

  return {
    /** Reads a chunk from the socket. */
    push(chunk: Buffer) {
      if (failed) return;
      append(chunk);
      parse();
      // a huge window is not kept once every byte is consumed (the arrays handed out hold it, not the reader)
      if (
        window !== undefined &&
        window.length > KEEP_WINDOW_BYTES &&
        pos >= filled &&
        starts === undefined
      ) {
        window = undefined;
        filled = 0;
        pos = 0;
        replyStart = 0;
        handedOut = 0;
      }
    },
  };
}
