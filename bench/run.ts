import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Usage: npm run bench -- <name> [more names]   (each is bench/<name>.bench.ts; no name lists them)
const directory = import.meta.dirname;
const available = readdirSync(directory)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (names.length === 0) {
  console.log(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(1);
}
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(1);
  }
  const module = (await import(pathToFileURL(path.join(directory, `${name}.bench.ts`)).href)) as {
    default: () => Promise<void>;
  };
  await module.default();
}
