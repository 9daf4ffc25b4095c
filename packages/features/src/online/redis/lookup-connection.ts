// The Redis store's lookup connection: one socket of its own for the MGET every lookup sends, written as bytes and
// read by resp-reader.ts. node-redis (which carries every other call) decodes each bucket of a reply into an object
// of its own and keeps replies alive across collections: after a bulk write, 100-entity lookups promoted 2-5 MB
// per scavenge and their p99 went from ~1.5 to ~18 ms (see docs/benchmarks.md). Plain `redis://` URLs only: TLS
// and injected clients stay on node-redis.
import net from 'node:net';
import { type BulkArray, type RespReply, respReader } from './resp-reader.ts';

/** Where and how to connect, read from a `redis://` URL as node-redis reads it. */
export interface LookupTarget {
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  database: number | undefined;
}

/** The connection settings of a `redis://[[user][:password]@]host[:port][/db]` URL; undefined for any other URL. */
export function lookupTarget(url: string): LookupTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'redis:') return undefined;
  const database = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  if (database !== undefined && !Number.isSafeInteger(database)) return undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return {
    host,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database,
  };
}

const ASCII_DIGITS = 48;
const CRLF = [13, 10] as const;

/** Decimal digits of a non-negative integer. */
function digitsOf(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** Writes a non-negative integer's decimal digits at `at`; returns the offset after them. */
function writeDigits(target: Buffer, at: number, value: number): number {
  const digits = digitsOf(value);
  let rest = value;
  for (let i = digits - 1; i >= 0; i--) {
    target[at + i] = ASCII_DIGITS + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** Writes `$<length>\r\n` for an argument of `length` bytes; returns the offset of its first byte. */
function writeArgumentHead(target: Buffer, at: number, length: number): number {
  target[at] = 36; // $
  let next = writeDigits(target, at + 1, length);
  target[next++] = CRLF[0];
  target[next++] = CRLF[1];
  return next;
}

/**
 * The RESP bytes of `MGET` of `count` bucket keys (`prefixes[prefixOf[i]]` followed by the decimal `bucketOf[i]`)
 * and then the whole keys `tail`, written into one buffer without building a string per key.
 */
export function mgetCommand(
  prefixes: readonly Buffer[],
  prefixOf: ArrayLike<number>,
  bucketOf: ArrayLike<number>,
  count: number,
  tail: readonly string[],
): Buffer {
  const tailBytes = tail.map((key) => Buffer.from(key, 'utf8'));
  const argumentCount = 1 + count + tail.length;
  let size = 1 + digitsOf(argumentCount) + 2 + 10; // *<n>\r\n$4\r\nMGET\r\n
  for (let i = 0; i < count; i++) {
    const length = prefixes[prefixOf[i]!]!.length + digitsOf(bucketOf[i]!);
    size += 1 + digitsOf(length) + 2 + length + 2;
  }
  for (const key of tailBytes) size += 1 + digitsOf(key.length) + 2 + key.length + 2;
  const target = Buffer.allocUnsafe(size);
  target[0] = 42; // *
  let at = writeDigits(target, 1, argumentCount);
  at += target.write('\r\n$4\r\nMGET\r\n', at, 'latin1');
  for (let i = 0; i < count; i++) {
    const prefix = prefixes[prefixOf[i]!]!;
    const bucket = bucketOf[i]!;
    at = writeArgumentHead(target, at, prefix.length + digitsOf(bucket));
    target.set(prefix, at);
    at = writeDigits(target, at + prefix.length, bucket);
    target[at++] = CRLF[0];
    target[at++] = CRLF[1];
  }
  for (const key of tailBytes) {
    at = writeArgumentHead(target, at, key.length);
    target.set(key, at);
    at += key.length;
    target[at++] = CRLF[0];
    target[at++] = CRLF[1];
  }
  return target;
}

/**
 * The RESP bytes of `MSETNX key value …` (`bytes`), written at the start of `target` when it is large enough, else
 * of a new buffer (`storage`, never a slice of Node's shared pool, so it can be reused): keys are strings, values
 * strings or bytes (copied once, into the command).
 */
export function msetnxCommand(
  keys: readonly string[],
  values: readonly (string | Uint8Array)[],
  target?: Buffer,
): { bytes: Buffer; storage: Buffer } {
  const argumentCount = 1 + 2 * keys.length;
  const valueLength = (value: string | Uint8Array) =>
    typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
  let size = 1 + digitsOf(argumentCount) + 2 + 12; // *<n>\r\n$6\r\nMSETNX\r\n
  for (let i = 0; i < keys.length; i++) {
    const keyLength = Buffer.byteLength(keys[i]!);
    const length = valueLength(values[i]!);
    size += 1 + digitsOf(keyLength) + 4 + keyLength + 1 + digitsOf(length) + 4 + length;
  }
  const out = target !== undefined && target.length >= size ? target : Buffer.allocUnsafeSlow(size);
  out[0] = 42; // *
  let at = writeDigits(out, 1, argumentCount);
  at += out.write('\r\n$6\r\nMSETNX\r\n', at, 'latin1');
  const argument = (value: string | Uint8Array) => {
    at = writeArgumentHead(out, at, valueLength(value));
    if (typeof value === 'string') at += out.write(value, at, 'utf8');
    else {
      out.set(value, at);
      at += value.byteLength;
    }
    out[at++] = CRLF[0];
    out[at++] = CRLF[1];
  };
  for (let i = 0; i < keys.length; i++) {
    argument(keys[i]!);
    argument(values[i]!);
  }
  return { bytes: out.subarray(0, size), storage: out };
}

/** A reply awaited, in the order the commands were sent. */
interface Pending {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

/** The lookup connection: sends RESP commands as bytes and answers their replies in order. */
export interface LookupConnection {
  /** Sends one `MGET` (bytes from {@link mgetCommand}); resolves with its bulk strings, rejects on an error reply. */
  mget(command: Buffer): Promise<BulkArray>;
  /**
   * Sends a command answering an integer (bytes from {@link msetnxCommand}); `written` is called once its bytes
   * have left (its buffer may be reused from then on), unless the connection fails first.
   */
  integer(command: Buffer, written?: () => void): Promise<number>;
  /** Drops the socket: calls in flight reject with `reason`; the next call connects again. */
  reset(reason: Error): void;
}

/** A connection to `target`, opened on first use (and again after a failure), authenticated and on its database. */
export function lookupConnection(target: LookupTarget): LookupConnection {
  let socket: net.Socket | undefined;
  /** Settles when the connection can take commands (connected, AUTH and SELECT answered). */
  let ready: Promise<void> | undefined;
  let isReady = false;
  let pending: Pending[] = [];

  const fail = (from: net.Socket, reason: Error) => {
    if (socket !== from) return;
    socket = undefined;
    ready = undefined;
    isReady = false;
    const waiting = pending;
    pending = [];
    from.destroy();
    for (const entry of waiting) entry.reject(reason);
  };

  const send = (bytes: Buffer | string, written?: () => void): Promise<RespReply> =>
    new Promise((resolve, reject) => {
      pending.push({ resolve, reject });
      socket!.write(bytes, written);
    });

  const okOrThrow = (what: string) => (reply: RespReply) => {
    if (reply.kind === 'error') throw new Error(`${what} failed: ${reply.message}`);
  };

  const open = (): Promise<void> => {
    const reader = respReader({
      reply(reply) {
        const entry = pending.shift();
        entry?.resolve(reply);
      },
      protocolError: (error) => fail(opened, error),
    });
    // reads land in one buffer of the connection's (the reader copies what it keeps): no allocation per read
    const readBuffer = Buffer.allocUnsafe(64 * 1024);
    const opened = net.connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (length: number) => {
          reader.push(readBuffer.subarray(0, length));
          return true;
        },
      },
    });
    opened.setKeepAlive(true);
    socket = opened;
    opened.on('error', (error) => fail(opened, error));
    opened.on('close', () => fail(opened, new Error('the connection closed')));
    return new Promise<void>((resolve, reject) => {
      opened.once('connect', resolve);
      opened.once('error', reject);
      opened.once('close', () => reject(new Error('the connection closed')));
    }).then(async () => {
      const steps: Promise<void>[] = [];
      if (target.password !== undefined) {
        const credentials =
          target.username === undefined ? [target.password] : [target.username, target.password];
        steps.push(send(respCommand(['AUTH', ...credentials])).then(okOrThrow('AUTH')));
      }
      if (target.database !== undefined) {
        steps.push(send(respCommand(['SELECT', String(target.database)])).then(okOrThrow('SELECT')));
      }
      try {
        await Promise.all(steps);
      } catch (error) {
        fail(opened, error as Error);
        throw error;
      }
      if (socket === opened) isReady = true;
    });
  };

  const whenReady = async () => {
    if (isReady) return;
    ready ??= open().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
  };

  return {
    async integer(command, written) {
      await whenReady();
      const reply = await send(command, written);
      if (reply.kind === 'error') throw new Error(reply.message);
      if (reply.kind !== 'integer') throw new Error(`an integer command answered a ${reply.kind} reply`);
      return reply.value;
    },
    async mget(command) {
      if (!isReady) await whenReady();
      const reply = await send(command);
      if (reply.kind === 'error') throw new Error(reply.message);
      if (reply.kind !== 'array') throw new Error(`MGET answered a ${reply.kind} reply`);
      return reply;
    },
    reset(reason) {
      if (socket !== undefined) fail(socket, reason);
    },
  };
}

/** The RESP bytes of a command of string arguments. */
export function respCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}
