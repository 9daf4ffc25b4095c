import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'system.node': 'src/system/index.node.ts',
    'system.browser': 'src/system/index.browser.ts',
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  external: [/^node:/, /^@plinth\//, 'apache-arrow', 'zod'],
});
