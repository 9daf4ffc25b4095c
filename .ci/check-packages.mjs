// publint and attw on every built package, and the metadata every package.json carries (license, repository
// with its directory, homepage, bugs, a LICENSE file). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let failed = false;
for (const directory of readdirSync(path.join(root, 'packages')).sort()) {
  const packageDir = path.join(root, 'packages', directory);
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const problems = [
    manifest.license !== 'Apache-2.0' && `license is ${JSON.stringify(manifest.license)}, not "Apache-2.0"`,
    manifest.repository?.directory !== `packages/${directory}` &&
      `repository.directory is ${JSON.stringify(manifest.repository?.directory)}, not "packages/${directory}"`,
    !manifest.repository?.url && 'no repository.url',
    !manifest.homepage && 'no homepage',
    !manifest.bugs?.url && 'no bugs.url',
    !existsSync(path.join(packageDir, 'LICENSE')) && 'no LICENSE file (copy the root LICENSE)',
  ].filter(Boolean);
  if (problems.length) {
    failed = true;
    console.error(`metadata ${directory}: FAILED\n- ${problems.join('\n- ')}`);
  } else {
    console.log(`metadata ${directory}: ok`);
  }
  for (const [tool, args] of [
    ['publint', ['--strict', packageDir]],
    ['attw', ['--pack', packageDir, '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    try {
      const output = execFileSync(bin(tool), args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
      console.log(`${tool} ${directory}: ok\n${output.trim()}`);
    } catch (error) {
      failed = true;
      console.error(`${tool} ${directory}: FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
process.exit(failed ? 1 : 0);
