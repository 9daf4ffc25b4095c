import { createSha256 } from '../hash/sha256.ts';
import type { Platform } from './platform.ts';

/** Browsers: WebCrypto for whole arrays, the TypeScript SHA-256 for streams; no file paths. */
export const browserPlatform: Platform = {
  name: 'browser',
  createHasher: createSha256,
  async sha256(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    let hex = '';
    for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
    return hex;
  },
};
