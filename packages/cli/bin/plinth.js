#!/usr/bin/env node
// The `plinth` command. It imports the package by its own name, so the exports map decides what runs: the
// built dist/ for an installed package (`npx plinth`), or src/ under `node --conditions=@plinth/source
// --import tsx` (the repository's tests, no build needed). In a clone of the repository that has not been
// built yet (src/ and tsx present, dist/ missing), it re-runs itself from source, so `npx plinth ui` works
// straight after `npm ci && npm run demo`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const sourceEntry = fileURLToPath(new URL('../src/index.node.ts', import.meta.url));

/** tsx's loader when this is a repository checkout that has it installed, else undefined. */
function sourceLoader() {
  if (!existsSync(sourceEntry)) return undefined;
  try {
    return createRequire(self).resolve('tsx');
  } catch {
    return undefined;
  }
}

/** Runs this file again from source and mirrors the child's exit. */
function runFromSource() {
  const child = spawn(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', self, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

let cli;
try {
  cli = await import('@plinth/cli');
} catch (error) {
  // a package's dist/ missing: this one's or a sibling's not built (yet) in a repository checkout
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && /[\\/]dist[\\/]/.test(String(error.message));
  if (missing && sourceLoader()) {
    runFromSource();
  } else {
    process.stderr.write(
      missing
        ? 'plinth: @plinth/cli is not built; run `npm run build` (or run from source with `node --conditions=@plinth/source --import tsx`)\n'
        : `plinth: could not load @plinth/cli: ${error?.message ?? error}\n`,
    );
    process.exit(1);
  }
}
if (cli) process.exitCode = await cli.run(process.argv.slice(2));
