import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  unbundle: true,
  // the timing report is advice for plugin authors, not a problem in this build
  checks: { pluginTimings: false },
});
