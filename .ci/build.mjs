// Builds every workspace package that has a tsdown.config.ts, in one process, through tsdown's API.
// `npm run build` runs this, then .ci/check-browser-bundles.mjs. Going through the API rather than one `tsdown`
// CLI per package skips the CLI's banner that Node 20 is deprecated (tsdown 0.22 needs Node 22, which is why
// the range is pinned to ~0.21; Plinth supports Node >= 20.19) and the npm start-up of six child processes.
// `npm run build -w packages/<name>` still runs the CLI for one package.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'tsdown';

const root = path.resolve(import.meta.dirname, '..');
const { workspaces } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);

for (const workspace of workspaces) {
  const cwd = path.join(root, workspace);
  if (!existsSync(path.join(cwd, 'tsdown.config.ts'))) continue;
  if (only.length && !only.includes(path.basename(workspace))) continue;
  const { name } = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
  await build({ cwd, name });
}
