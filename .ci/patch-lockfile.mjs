// The npm registry reachable here lacks most of biome's per-platform binary packages, so npm leaves them
// out of package-lock.json and `npm ci` then refuses the lock ("Missing: @biomejs/cli-…@ from lock file").
// This adds lock entries for them with their os/cpu/libc, so `npm ci` knows to skip them on this platform
// without fetching. Run it after every `npm install` that rewrites the lock: `node .ci/patch-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platforms = {
  'cli-android-arm64': { os: ['android'], cpu: ['arm64'] },
  'cli-android-x64': { os: ['android'], cpu: ['x64'] },
  'cli-darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'cli-darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'cli-linux-arm64': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'cli-linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'cli-linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'cli-win32-arm64': { os: ['win32'], cpu: ['arm64'] },
  'cli-win32-x64': { os: ['win32'], cpu: ['x64'] },
};
const biome = lock.packages['node_modules/@biomejs/biome'];
let added = 0;
for (const [name, constraints] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/${name}`;
  if (!biome?.optionalDependencies?.[`@biomejs/${name}`] || lock.packages[key]) continue;
  lock.packages[key] = {
    version: biome.version,
    ...constraints,
    dev: true,
    license: 'MIT OR Apache-2.0 OR BSD-3-Clause',
    optional: true,
    engines: { node: '>=14.21.3' },
  };
  added++;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`patch-lockfile: added ${added} biome platform entries`);
