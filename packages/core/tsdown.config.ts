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
    adapter: 'src/adapter/index.ts',
    testing: 'src/testing/index.ts',
    filter: 'src/filter/index.ts',
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  // one output file per source module, so an app's bundler drops whole unused modules (sideEffects: false)
  // from dist/ as it does from src/: the ks2samp page is 7.8 KB gzip, 15.5 KB from a single bundled index.js
  unbundle: true,
  // the timing report is advice for plugin authors, not a problem in this build
  checks: { pluginTimings: false },
  deps: { neverBundle: [/^node:/, 'vitest', 'undici', 'idb-keyval', 'zod'] },
});
