// npm skips an optional dependency whose download fails (a registry hiccup) and still exits 0. The native
// bindings of rolldown (Vite, tsdown), DuckDB and others are optional dependencies chosen by platform, so a
// hiccup leaves a tree that fails later with an unrelated-looking error (seen here: vitest's "Cannot convert
// undefined or null to object" while bundling its config). This lists every platform-specific optional package
// of the lockfile (one with os or cpu) that matches this machine and is missing from node_modules; exit 1 if any.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const libc = process.report?.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
/** Whether a package's `os`/`cpu`/`libc` list admits `value` (npm's rules: a list of names, or of `!name`s). */
const fits = (allowed, value) =>
  !allowed ||
  (allowed.some((name) => !name.startsWith('!')) ? allowed.includes(value) : !allowed.includes(`!${value}`));
const missing = Object.entries(lock.packages)
  .filter(([key, entry]) => key.startsWith('node_modules/') && entry.optional && (entry.os || entry.cpu))
  .filter(([, entry]) => fits(entry.os, process.platform) && fits(entry.cpu, process.arch))
  .filter(([, entry]) => process.platform !== 'linux' || fits(entry.libc, libc))
  .filter(([key]) => !existsSync(path.join(root, key, 'package.json')))
  .map(([key]) => key);
if (missing.length) {
  console.error(`optional dependencies for this platform missing after install:\n- ${missing.join('\n- ')}`);
  process.exit(1);
}
console.log('optional dependencies for this platform: all installed');
