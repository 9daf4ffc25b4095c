import { bytesToText, textToBytes } from './bytes.ts';

/** First bytes of every value `cachedStorage` writes into its cache: "PLC1". */
const MAGIC = [0x50, 0x4c, 0x43, 0x31] as const;
const PREFIX_LENGTH = 8;

/**
 * The header of a cached value: 4 magic bytes, a little-endian u32 length, then JSON `{"version": …}` with
 * the source's version, so a value served from the cache carries the version the source gave it.
 */
export function envelopeHeader(version: string): Uint8Array {
  const json = textToBytes(JSON.stringify({ version }));
  const header = new Uint8Array(PREFIX_LENGTH + json.byteLength);
  header.set(MAGIC, 0);
  new DataView(header.buffer).setUint32(4, json.byteLength, true);
  header.set(json, PREFIX_LENGTH);
  return header;
}

/** A value wrapped with its source version, ready to store in the cache. */
export function wrapEnvelope(value: Uint8Array, version: string): Uint8Array {
  const header = envelopeHeader(version);
  const out = new Uint8Array(header.byteLength + value.byteLength);
  out.set(header, 0);
  out.set(value, header.byteLength);
  return out;
}

/** The value and source version in a cached record, or `undefined` if the bytes are not an envelope. */
export function unwrapEnvelope(stored: Uint8Array): { value: Uint8Array; version: string } | undefined {
  if (stored.byteLength < PREFIX_LENGTH || MAGIC.some((byte, i) => stored[i] !== byte)) return undefined;
  const length = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(4, true);
  if (PREFIX_LENGTH + length > stored.byteLength) return undefined;
  try {
    const header = JSON.parse(bytesToText(stored.subarray(PREFIX_LENGTH, PREFIX_LENGTH + length))) as {
      version?: unknown;
    };
    if (typeof header.version !== 'string') return undefined;
    return { value: stored.subarray(PREFIX_LENGTH + length), version: header.version };
  } catch {
    return undefined;
  }
}
