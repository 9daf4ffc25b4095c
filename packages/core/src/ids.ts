import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { PlinthError } from './errors/plinth-error.ts';

/** Largest time a UUIDv7 holds (48 bits of milliseconds). */
const MAX_MS = 2 ** 48 - 1;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

let lastMs = -1;
let sequence = 0;

/**
 * A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made in the
 * same millisecond by this process in order, then 62 random bits. Ids sort by creation time as strings,
 * and are collision-safe across processes.
 *
 * @example
 * ```ts
 * const runId = uuidv7(); // '019a4f3e-5b2c-7000-8a1d-…'
 * ```
 */
export function uuidv7(clock: Clock = systemClock): string {
  const now =
    typeof clock === 'object' && clock !== null && typeof clock.now === 'function' ? clock.now() : Number.NaN;
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0 || now > MAX_MS) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: 'core',
      message: `uuidv7 needs a clock whose now() gives epoch milliseconds from 0 to 2^48 - 1, got ${String(now)}`,
      details: { issues: [{ path: 'clock', message: 'now() must return epoch milliseconds' }] },
    });
  }
  let ms = Math.floor(now);
  if (ms <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = 0;
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((sequence >>> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!];
  }
  return out;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True when `value` is a lowercase UUIDv7 string. */
export function isUuidv7(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value);
}

/** The Unix milliseconds encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  if (!isUuidv7(id)) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: 'core',
      message: `${typeof id === 'string' ? JSON.stringify((id as string).slice(0, 64)) : typeof id} is not a UUIDv7; pass an id made by uuidv7()`,
      details: { issues: [{ path: 'id', message: 'must be a UUIDv7' }] },
    });
  }
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
