import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PlinthError } from '@plinth/core';
import type { Platform } from './platform.ts';

/** Node: node:crypto for SHA-256, node:fs for file paths. */
export const nodePlatform: Platform = {
  name: 'node',
  createHasher() {
    const hash = createHash('sha256');
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digest: () => hash.digest('hex'),
    };
  },
  async sha256(bytes) {
    return createHash('sha256').update(bytes).digest('hex');
  },
  async openFile(path) {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (cause) {
      throw new PlinthError({
        code: 'PLINTH_NOT_FOUND',
        component: 'registry',
        message: `artifact file "${path}" cannot be read (${(cause as Error).message}); pass an existing file path, bytes or a stream`,
        cause,
      });
    }
    return { size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
  },
};
