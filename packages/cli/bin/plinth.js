#!/usr/bin/env node
// The `plinth` command. It imports the package by its own name, so the exports map decides what runs: the
// built dist/ for an installed package (`npx plinth`), or src/ under `node --conditions=@plinth/source
// --import tsx` (the repository's tests, no build needed).
let cli;
try {
  cli = await import('@plinth/cli');
} catch (error) {
  const missing =
    error?.code === 'ERR_MODULE_NOT_FOUND' && /[\\/]cli[\\/]dist[\\/]/.test(String(error.message));
  process.stderr.write(
    missing
      ? 'plinth: @plinth/cli is not built; run `npm run build` (or run from source with `node --conditions=@plinth/source --import tsx`)\n'
      : `plinth: could not load @plinth/cli: ${error?.message ?? error}\n`,
  );
  process.exit(1);
}
process.exitCode = await cli.run(process.argv.slice(2));
