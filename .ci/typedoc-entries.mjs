// The public entries of every published package, read from the exports maps, for TypeDoc: each source file
// (the `@plinth/source` condition; for an entry split by runtime, its Node file) and the specifier users import
// it by. Also a TypeDoc plugin (see typedoc.config.mjs) that names each module page by that specifier
// (`@plinth/core/memory`) instead of its file path.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

const root = path.resolve(import.meta.dirname, '..');

/** The source file of one exports-map entry. */
function sourceOf(target) {
  const source = typeof target === 'object' && target !== null ? target['@plinth/source'] : undefined;
  if (typeof source === 'string') return source;
  if (typeof source === 'object' && source !== null) return source.node ?? source.default;
  return undefined;
}

/** `[absolute source file, specifier]` of every public entry of every non-private package. */
export function publicEntries() {
  const entries = [];
  for (const directory of readdirSync(path.join(root, 'packages')).sort()) {
    const manifest = JSON.parse(readFileSync(path.join(root, 'packages', directory, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = sourceOf(target);
      if (subpath === './package.json' || !source) continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      entries.push([path.join(root, 'packages', directory, source), specifier]);
    }
  }
  return entries;
}

/** TypeDoc plugin entry point: module pages are named by import specifier. */
export function load(app) {
  const names = new Map(publicEntries());
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    const name = file && names.get(path.resolve(file));
    if (name) reflection.name = name;
  });
}
