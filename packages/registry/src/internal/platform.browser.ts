import type { Platform } from './platform.ts';

/** Lowercase hex of bytes. */
function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Browsers: WebCrypto for whole arrays; `@noble/hashes` (audited) for streams, since WebCrypto has no
 * incremental digest. It is imported on the first streamed hash, so a page that only reads whole artifacts
 * does not load it. No file paths.
 */
export const browserPlatform: Platform = {
  name: 'browser',
  async createHasher() {
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const hash = sha256.create();
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digest: () => toHex(hash.digest()),
    };
  },
  async sha256(bytes) {
    return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  },
};
