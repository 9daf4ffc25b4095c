import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { 'index.node': 'src/index.node.ts', 'index.browser': 'src/index.browser.ts' },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  external: [/^node:/, /^@plinth\//, 'zod'],
});
