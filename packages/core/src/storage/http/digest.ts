const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A version token for a body served without an ETag: `sha256-<hex>` where WebCrypto is available
 * (Node, browsers in secure contexts), otherwise `fnv-<hex>` from two 32-bit FNV-1a hashes and the length.
 */
export async function bodyVersion(body: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
    let hex = '';
    for (const byte of digest) hex += HEX[byte];
    return `sha256-${hex}`;
  }
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < body.byteLength; i++) {
    a = Math.imul(a ^ body[i]!, 0x01000193);
    b = Math.imul(b ^ body[i]!, 0x811c9dc5) ^ (b >>> 15);
  }
  return `fnv-${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}-${body.byteLength.toString(16)}`;
}
