import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

/** Runs a TypeScript file of this folder in its own Node process (workspace sources, through tsx). */
export function spawnTsx(script: string, args: readonly string[] = []): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', path.join(import.meta.dirname, script), ...args],
    { cwd: repositoryRoot, stdio: 'pipe' },
  );
}
