// Fails when a browser bundle of any package entry (resolved with the `browser` condition from the built
// dist/) would pull in a Node built-in module. Run after `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const skipped = new Set(['./package.json', './testing']);
const failures = [];
let checked = 0;

for (const directory of process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(path.join(root, 'packages'))) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'packages', directory, 'package.json'), 'utf8'));
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    if (skipped.has(subpath)) continue;
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    const offenders = [];
    const result = await build({
      stdin: { contents: `export * from '${specifier}';`, resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      conditions: ['browser'],
      logLevel: 'silent',
      plugins: [
        {
          name: 'flag-node-builtins',
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /.*/ }, (args) => {
              if (builtins.has(args.path) || args.path.startsWith('node:')) {
                offenders.push(`${args.path} (imported by ${path.relative(root, args.importer)})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    }).catch((error) => ({ errors: error.errors ?? [error] }));
    checked++;
    if (result.errors?.length) {
      failures.push(
        `${specifier}: bundling failed: ${result.errors.map((e) => e.text ?? String(e)).join('; ')}`,
      );
    } else if (offenders.length) {
      failures.push(
        `${specifier}: browser bundle pulls in Node modules: ${[...new Set(offenders)].join(', ')}`,
      );
    }
  }
}

if (failures.length) {
  console.error(`browser bundle check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`browser bundle check: ${checked} entries bundle for the browser without Node built-ins`);
