// TypeDoc over every public entry of every published package, read from the packages' exports maps by
// .ci/typedoc-entries.mjs, so a new subpath gets its page without editing this file. `npm run docs` writes
// docs/api/.
import { publicEntries } from './.ci/typedoc-entries.mjs';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: publicEntries().map(([file]) => file),
  plugin: ['./.ci/typedoc-entries.mjs'],
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  name: 'Plinth',
  excludePrivate: true,
  excludeInternal: true,
  skipErrorChecking: true,
  readme: 'README.md',
  disableSources: true,
};
