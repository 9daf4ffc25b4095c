import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    memory: 'src/storage/memory.ts',
    'fs.node': 'src/storage/fs/index.node.ts',
    'fs.browser': 'src/storage/fs/index.browser.ts',
    idb: 'src/storage/idb.ts',
    'http.node': 'src/storage/http/index.node.ts',
    'http.browser': 'src/storage/http/index.browser.ts',
    cached: 'src/storage/cached.ts',
    testing: 'src/testing/index.ts',
    filter: 'src/filter/index.ts',
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  // the timing report is advice for plugin authors, not a problem in this build
  checks: { pluginTimings: false },
  deps: { neverBundle: [/^node:/, 'vitest', 'undici', 'idb-keyval', 'zod'] },
});
