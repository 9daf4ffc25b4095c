import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { 'index.node': 'src/index.node.ts', 'index.browser': 'src/index.browser.ts' },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  // one output file per source module: `plinth --help` loads only the command files it needs to describe
  unbundle: true,
  // the timing report is advice for plugin authors, not a problem in this build
  checks: { pluginTimings: false },
  // Node built-ins stay imports (the neutral platform does not know them)
  deps: { neverBundle: [/^node:/, /^@plinth\//, 'commander', '@duckdb/node-api'] },
});
