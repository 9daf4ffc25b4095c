import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'duckdb.node': 'src/duckdb/index.node.ts',
    'duckdb.browser': 'src/duckdb/index.browser.ts',
    'redis.node': 'src/online/redis/index.node.ts',
    'redis.browser': 'src/online/redis/index.browser.ts',
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
  // Node built-ins stay imports (the neutral platform does not know them)
  deps: {
    neverBundle: [/^node:/, /^@plinth\//, /^zod(\/|$)/, /^apache-arrow(\/|$)/, '@duckdb/node-api', 'redis'],
  },
});
