import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { errors } from './errors.ts';
import { plainDirectory } from './plain-directory.node.ts';
import type { Platform } from './platform.ts';

/** Node: node:crypto for SHA-256, node:fs for file paths and plain-file exports. */
export const nodePlatform: Platform = {
  name: 'node',
  async createHasher() {
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
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `artifact file "${path}" cannot be read (${(cause as Error).message}); pass { path } of an existing file, or the content itself`,
        { cause },
      );
    }
    return { size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
  },
  plainDirectory,
};
