import { PlinthError } from '../../errors/plinth-error.ts';
import { assertStorageKey } from '../keys.ts';

/**
 * Key → file-name encoding. Each `/` segment of a key becomes one name. Bytes outside `[a-z0-9_-]`
 * are percent-encoded as `%xx` (lowercase hex) and ASCII uppercase letters become `^` + the lowercase
 * letter, so an encoded name never contains an uppercase letter (no collisions on case-insensitive file
 * systems), never contains `.`, `/` or `\` (no traversal, no Windows trailing-dot trimming) and keeps NFC
 * and NFD spellings apart (they differ in bytes). The encoding never emits `.`, so suffixes and prefixes
 * with a `.` mark what is not a directory: values (`<name>.v`), locks (`<name>.l`), steal guards (`<name>.lg`),
 * temp files (`.t.…`) and stolen locks set aside (`.s.…`).
 */
export const VALUE_SUFFIX = '.v';
/** Suffix of a key's lock file. */
export const LOCK_SUFFIX = '.l';
/** Prefix of temp files written before a rename. */
export const TEMP_PREFIX = '.t.';
/** Prefix of stale lock files renamed aside while being stolen. */
export const ASIDE_PREFIX = '.s.';
/** Appended to a lock file's name for the guard its stealer holds (`<name>.l` → `<name>.lg`). */
export const STEAL_GUARD_SUFFIX = 'g';

/** Longest file name most file systems accept, in bytes. */
export const MAX_FILE_NAME_BYTES = 255;
/** Longest encoded segment: room for the two-byte suffixes. */
export const MAX_ENCODED_SEGMENT_BYTES = MAX_FILE_NAME_BYTES - VALUE_SUFFIX.length;
/** Longest encoded relative path, leaving room under the 4096-byte PATH_MAX for `dir`. */
export const MAX_ENCODED_PATH_BYTES = 3072;

const encoder = new TextEncoder();
// ignoreBOM: a file name that starts with U+FEFF (a key that does) must keep it, or the key vanishes from list().
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const hex = '0123456789abcdef';
const windowsDeviceName = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const plainName = /^[a-z0-9_-]+$/;

function isSafeByte(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2d;
}

/** The file name of one key segment (without suffix). Injective: distinct segments give distinct names. */
export function encodeSegment(segment: string): string {
  let out = '';
  for (const byte of encoder.encode(segment)) {
    if (isSafeByte(byte)) out += String.fromCharCode(byte);
    else if (byte >= 0x41 && byte <= 0x5a) out += `^${String.fromCharCode(byte + 0x20)}`;
    else out += `%${hex[byte >> 4]}${hex[byte & 15]}`;
  }
  // Windows reserves device names whatever their case: spell the first letter as %xx.
  if (windowsDeviceName.test(out)) out = `%${out.charCodeAt(0).toString(16)}${out.slice(1)}`;
  return out;
}

/** The key segment a file name encodes, or `undefined` for a name this encoding would not emit. */
export function decodeSegment(name: string): string | undefined {
  if (plainName.test(name)) return windowsDeviceName.test(name) ? undefined : name;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isSafeByte(code)) bytes.push(code);
    else if (code === 0x5e) {
      const next = name.charCodeAt(i + 1);
      if (!(next >= 0x61 && next <= 0x7a)) return undefined;
      bytes.push(next - 0x20);
      i += 1;
    } else if (code === 0x25) {
      const pair = name.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/.test(pair)) return undefined;
      bytes.push(Number.parseInt(pair, 16));
      i += 2;
    } else return undefined;
  }
  let segment: string;
  try {
    segment = decoder.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
  // Only canonical spellings count, so every stored key is listed exactly once.
  return segment !== '' && encodeSegment(segment) === name ? segment : undefined;
}

/** Where a key lives, relative to the store's directory. */
export interface KeyLocation {
  /** Encoded directory names, outermost first. */
  directories: string[];
  /** Encoded name of the last segment, without suffix. */
  name: string;
}

/**
 * Validates a key and maps it to its encoded location.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad key, or one whose encoded segment exceeds the
 * 255-byte file-name limit.
 */
export function keyLocation(key: string, component: string): KeyLocation {
  assertStorageKey(key, component);
  const encoded = key.split('/').map(encodeSegment);
  let total = 0;
  for (const [index, name] of encoded.entries()) {
    total += name.length + 1;
    if (name.length > MAX_ENCODED_SEGMENT_BYTES) {
      const problem = `segment ${index + 1} is ${name.length} bytes on disk after encoding (at most ${MAX_ENCODED_SEGMENT_BYTES}); characters other than a-z, 0-9, "-" and "_" take 2-3 bytes per UTF-8 byte, so shorten it or split it with "/"`;
      throw new PlinthError({
        code: 'PLINTH_VALIDATION',
        component,
        message: `storage key ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)}: ${problem}`,
        details: { issues: [{ path: 'key', message: problem }] },
      });
    }
  }
  if (total > MAX_ENCODED_PATH_BYTES) {
    const problem = `is ${total} bytes on disk after encoding (at most ${MAX_ENCODED_PATH_BYTES}); use a shorter key`;
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component,
      message: `storage key ${JSON.stringify(`${key.slice(0, 80)}…`)} ${problem}`,
      details: { issues: [{ path: 'key', message: problem }] },
    });
  }
  return { directories: encoded.slice(0, -1), name: encoded.at(-1)! };
}
