// A browser page that reads features online (store, on-demand view, service, storageOnlineStore) bundles without
// DuckDB, Node modules or Apache Arrow (Arrow is imported lazily by toArrow only, in its own chunk).
import { builtinModules } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

it('the online path of the default entry carries no DuckDB, no Node module and no Arrow', async () => {
  const nodeImports: string[] = [];
  const result = await build({
    stdin: {
      contents: `
        import { createFeatureStore, defineEntity, defineFeatureView, defineOnDemandFeatureView, defineFeatureService, fileSource, storageOnlineStore } from '@plinth/features';
        import { memoryStorage } from '@plinth/core/memory';
        const view = defineFeatureView({ name: 'v', entities: [defineEntity({ name: 'e', joinKeys: ['id'] })], source: fileSource({ path: 'v.parquet', timestampField: 'ts' }), features: { x: 'float64' } });
        const store = await createFeatureStore({ views: [view], online: storageOnlineStore({ storage: memoryStorage() }) });
        console.log(await store.getOnlineFeatures({ features: ['v:x'], entityRows: [{ id: 1 }] }), defineOnDemandFeatureView, defineFeatureService);
      `,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    splitting: true,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    conditions: ['@plinth/source', 'browser'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'flag-node-builtins',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            if (builtins.has(args.path) || args.path.startsWith('node:')) {
              nodeImports.push(`${args.path} from ${args.importer}`);
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
    ],
  });
  expect(nodeImports).toEqual([]);
  const [entryName, entry] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint)!;
  const inputs = Object.entries(entry.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([name]) => name);
  expect(inputs.filter((input) => /duckdb|apache-arrow/.test(input))).toEqual([]);
  const bytes = result.outputFiles.find((file) => file.path.endsWith(path.basename(entryName)))!.contents;
  console.log(`online page bundle: ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
});
