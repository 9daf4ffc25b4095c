// Browser weight budget of issue 10: a page importing only `ks2samp` is at most 8 KB gzip, from the statistics
// subpath and from the root entry (which must tree-shake). Bundled as an app would (esbuild, minified, browser
// conditions) from the sources; measured with gzip -9.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const BUDGET = 8 * 1024;

async function gzipBytes(source: string): Promise<{ gzip: number; inputs: string[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@plinth/source', 'browser'],
    logLevel: 'silent',
  });
  const output = result.outputFiles[0]!.contents;
  const [bundle] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(bundle!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([name]) => name);
  return { gzip: gzipSync(output, { level: 9 }).length, inputs };
}

describe('browser bundle of a page that imports only ks2samp', () => {
  it.each([['@plinth/monitoring/stats'], ['@plinth/monitoring']])(
    'from %s: ≤ 8 KB gzip, no schema library',
    async (from) => {
      const { gzip, inputs } = await gzipBytes(
        `import { ks2samp } from '${from}'; console.log(ks2samp([1, 2, 3], [4, 5, 6]).pValue);`,
      );
      expect(gzip).toBeLessThanOrEqual(BUDGET);
      // No schema library: the statistics validate by hand. (zod/v4/core's parse machinery, about 2 KB gzip, still
      // comes in through core's componentErrors(), whose `parse` builder references it.)
      expect(
        inputs.filter((input) => /node_modules\/zod\/(v4\/(classic|mini|locales)|index)/.test(input)),
      ).toEqual([]);
      expect(
        inputs.filter((input) => input.includes('apache-arrow') || input.includes('simple-statistics')),
      ).toEqual([]);
    },
  );
});
