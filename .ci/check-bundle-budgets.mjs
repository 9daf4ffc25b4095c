// Browser bundle budgets (issue 10 §2). Bundles three small "pages" with esbuild the way an app bundler would
// (browser conditions, minified, tree-shaken, NODE_ENV=production, code splitting at dynamic import()), gzips
// what each page loads up front (its entry chunk and the chunks that imports statically) at level 9, prints a
// table, and fails when a page is over its budget. Code a page loads only when a call needs it (a dynamic
// import(): tracking's search index, the registry's filter engine) is shown in the "lazy" column, not budgeted.
//
//   node .ci/check-bundle-budgets.mjs            the built packages (dist/), as an npm user gets them; run after
//                                                `npm run build` (this is `npm run check:bundles`)
//   node .ci/check-bundle-budgets.mjs --source   the workspace sources (src/, `@plinth/source` condition), no build
//                                                needed: for measuring a change while working on a package
//   --top <n>                                    list the n largest packages inside each page (default 4)
//   --json <file>                                also write the figures as JSON
//
// 1 KB here is 1,024 bytes (the unit of the budgets, as in the monitoring package's bundle-size test; esbuild and
// Vite print kB of 1,000 bytes). The budgets hold on esbuild's output. As a
// cross-check the same pages are also bundled with rolldown (Vite 8's bundler, installed with Vite and tsdown),
// shown in its own column: a page over budget there is reported but does not fail the check.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** The pages, each the imports a small browser app would write, with its budget in gzip bytes. */
const pages = [
  {
    name: 'monitoring: ks2samp',
    code: `export { ks2samp } from '@plinth/monitoring';`,
    budget: 8 * 1024,
  },
  {
    name: 'tracking: createTracker + idbStorage',
    code: `export { createTracker } from '@plinth/tracking';
export { idbStorage } from '@plinth/core/idb';`,
    budget: 25 * 1024,
  },
  {
    name: 'registry: createRegistry + http + cached + idb',
    code: `export { createRegistry } from '@plinth/registry';
export { httpStorage } from '@plinth/core/http';
export { cachedStorage } from '@plinth/core/cached';
export { idbStorage } from '@plinth/core/idb';`,
    budget: 25 * 1024,
  },
];

const { values: options } = parseArgs({
  options: {
    source: { type: 'boolean', default: false },
    top: { type: 'string', default: '4' },
    json: { type: 'string' },
  },
});
const top = Number(options.top);
const mode = options.source ? 'source' : 'dist';

if (mode === 'dist') {
  const missing = ['core', 'tracking', 'registry', 'monitoring'].filter(
    (name) => !existsSync(path.join(root, 'packages', name, 'dist')),
  );
  if (missing.length) {
    console.error(
      `bundle budgets: no dist/ in packages ${missing.join(', ')}; run \`npm run build\` first, or pass --source`,
    );
    process.exit(1);
  }
}

/** The package a bundled input file belongs to: `zod`, `@plinth/core`, `apache-arrow`, … */
function packageOf(input) {
  const normalized = input.split(path.sep).join('/');
  const inModules = normalized.lastIndexOf('node_modules/');
  if (inModules !== -1) {
    const [first, second] = normalized.slice(inModules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(normalized);
  return workspace ? `@plinth/${workspace[1]}` : normalized;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const conditions = mode === 'source' ? ['@plinth/source', 'browser', 'module'] : ['browser', 'module'];
const rolldown = await import('rolldown').then(
  (module) => module.rolldown,
  () => undefined,
);

/** Minified bytes of a page bundled with rolldown, or `undefined` when rolldown is not installed. */
async function rolldownBytes(code) {
  if (!rolldown) return undefined;
  const bundle = await rolldown({
    input: 'plinth-page',
    cwd: root,
    platform: 'browser',
    resolve: { conditionNames: [...conditions, 'import', 'default'] },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    logLevel: 'silent',
    plugins: [
      {
        name: 'plinth-page',
        resolveId: (id) => (id === 'plinth-page' ? path.join(root, 'plinth-page.js') : undefined),
        load: (id) => (id === path.join(root, 'plinth-page.js') ? code : undefined),
      },
    ],
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true, comments: false });
    // the entry chunk and what it imports statically: what the page loads before any dynamic import() runs
    const chunks = new Map(
      output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]),
    );
    const initial = new Set();
    const visit = (fileName) => {
      if (initial.has(fileName) || !chunks.has(fileName)) return;
      initial.add(fileName);
      for (const imported of chunks.get(fileName).imports) visit(imported);
    };
    visit(output[0].fileName);
    return new TextEncoder().encode([...initial].map((fileName) => chunks.get(fileName).code).join('\n'));
  } finally {
    await bundle.close();
  }
}
const results = [];
let failed = false;

/** An entry for esbuild that is the page's code, resolved from the repository root. */
const pagePlugin = (code) => ({
  name: 'plinth-page',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^plinth-page$/ }, () => ({ path: 'page.js', namespace: 'plinth-page' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'plinth-page' }, () => ({
      contents: code,
      resolveDir: root,
      loader: 'js',
    }));
  },
});

for (const page of pages) {
  const result = await build({
    entryPoints: ['plinth-page'],
    plugins: [pagePlugin(page.code)],
    bundle: true,
    // as Vite and rolldown do: a dynamic import() becomes a chunk loaded when it runs
    splitting: true,
    outdir: path.join(root, 'bundle-budget-out'),
    write: false,
    minify: true,
    treeShaking: true,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions,
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
  }).catch((error) => ({ errors: error.errors ?? [{ text: String(error) }] }));

  if (!result.outputFiles) {
    failed = true;
    results.push({
      page: page.name,
      budget: page.budget,
      error: result.errors.map((e) => e.text).join('; '),
    });
    continue;
  }
  // What the page loads up front: the entry chunk and the chunks it imports statically, transitively.
  const outputs = result.metafile.outputs;
  const relative = (file) => path.relative(root, file).split(path.sep).join('/');
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint !== undefined);
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const { path: imported, kind } of outputs[name].imports) {
      if (kind === 'import-statement' && outputs[imported]) visit(imported);
    }
  };
  visit(entry);
  const contents = (names) => {
    const files = result.outputFiles.filter((file) => names.has(relative(file.path)));
    return Buffer.concat(files.map((file) => file.contents));
  };
  const lazyNames = new Set(Object.keys(outputs).filter((name) => !initial.has(name)));
  const bytes = contents(initial);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const lazyBytes = contents(lazyNames);
  const lazy = lazyNames.size
    ? { minified: lazyBytes.length, gzip: gzipSync(lazyBytes, { level: 9 }).length }
    : undefined;
  const byPackage = new Map();
  for (const name of initial) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[name].inputs)) {
      const owner = packageOf(input);
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
    }
  }
  const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top);
  const over = gzip > page.budget;
  if (over) failed = true;
  const crossCheck = await rolldownBytes(page.code).catch((error) => {
    console.error(`${page.name}: rolldown cross-check failed: ${error.message}`);
    return undefined;
  });
  const rolldownGzip = crossCheck && gzipSync(crossCheck, { level: 9 }).length;
  results.push({
    page: page.name,
    budget: page.budget,
    minified: bytes.length,
    gzip,
    over,
    largest,
    lazy,
    rolldown: crossCheck && {
      minified: crossCheck.length,
      gzip: rolldownGzip,
      over: rolldownGzip > page.budget,
    },
  });
}

const rows = results.map((row) => [
  row.page,
  row.error ? '-' : kb(row.minified),
  row.error ? '-' : `${kb(row.gzip)} (${row.gzip} B)`,
  row.lazy ? `${kb(row.lazy.minified)} / ${kb(row.lazy.gzip)}` : '-',
  row.rolldown ? `${kb(row.rolldown.minified)} / ${kb(row.rolldown.gzip)}` : '-',
  `${kb(row.budget)} (${row.budget} B)`,
  row.error ? 'ERROR' : row.over ? `OVER by ${kb(row.gzip - row.budget)}` : 'ok',
]);
const header = ['page', 'min KB', 'gzip KB', 'lazy min / gzip', 'rolldown min / gzip', 'budget KB', 'status'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column].length)),
);
const line = (cells) =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
    .join('  ');

console.log(
  `bundle budgets (${mode === 'source' ? 'src/, @plinth/source condition' : 'built dist/'}; esbuild, browser, minified, gzip -9)`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
for (const row of results) {
  if (row.error) console.log(`\n${row.page}: bundling failed: ${row.error}`);
  else if (row.rolldown?.over && !row.over)
    console.log(`\n${row.page}: within budget with esbuild but over it with rolldown (Vite 8)`);
  if (!row.error && top > 0)
    console.log(
      `\n${row.page}: largest minified parts: ${row.largest.map(([name, size]) => `${name} ${kb(size)} KB`).join(', ')}`,
    );
}

if (options.json) {
  writeFileSync(options.json, `${JSON.stringify({ mode, pages: results }, null, 2)}\n`);
}
if (failed) {
  console.error(
    `\nbundle budgets: ${results.filter((row) => row.over || row.error).length} of ${results.length} pages fail`,
  );
  process.exit(1);
}
console.log(`\nbundle budgets: all ${results.length} pages within budget`);
