import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    'index.node': 'src/index.node.ts',
    'index.browser': 'src/index.browser.ts',
    search: 'src/search.ts',
    mlflow: 'src/mlflow/index.ts',
    semver: 'src/semver.ts',
    testing: 'src/testing/index.ts',
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
  deps: { neverBundle: [/^node:/, /^@plinth\//, /^zod(\/|$)/, /^@noble\//, 'vitest'] },
});
