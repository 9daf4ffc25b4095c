// publint and attw on every built package. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let failed = false;
for (const directory of readdirSync(path.join(root, 'packages')).sort()) {
  const packageDir = path.join(root, 'packages', directory);
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
