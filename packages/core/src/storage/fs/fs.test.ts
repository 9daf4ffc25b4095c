import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storageContract } from '../../testing/storage-contract.ts';
import { fsStorage } from './index.node.ts';

const dirs: string[] = [];
storageContract({
  name: 'fsStorage',
  create: () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-fs-contract-'));
    dirs.push(dir);
    return fsStorage({ dir });
  },
  destroy: () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  },
});
