import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    'index.node': 'src/index.node.ts',
    'index.browser': 'src/index.browser.ts',
    testing: 'src/testing/index.ts',
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  // the timing report is advice for plugin authors, not a problem in this build
  checks: { pluginTimings: false },
  deps: { neverBundle: [/^node:/, /^@plinth\//, /^zod(\/|$)/, /^@noble\//, 'vitest'] },
});
