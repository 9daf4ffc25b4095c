import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Platform } from './platform.ts';

/**
 * Browsers: WebCrypto for whole arrays; `@noble/hashes` (audited) for streams, since WebCrypto has no
 * incremental digest. No file paths.
 */
export const browserPlatform: Platform = {
  name: 'browser',
  createHasher() {
    const hash = sha256.create();
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digest: () => bytesToHex(hash.digest()),
    };
  },
  async sha256(bytes) {
    return bytesToHex(
      new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
    );
  },
};
