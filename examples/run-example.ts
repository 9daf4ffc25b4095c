// Runs an example as its README says (node with the workspace source condition and tsx), from the examples
// folder, and returns what it printed. A failing example rejects with its stderr.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const examples = import.meta.dirname;

export async function runExample(
  file: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', path.join(examples, file), ...args],
    { cwd: examples, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}
