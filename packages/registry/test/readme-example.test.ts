import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

describe('the README example', () => {
  it('runs as written and prints what the README says', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@plinth/source', '--import', 'tsx', path.join(import.meta.dirname, 'readme-example.ts')],
      { cwd: repositoryRoot },
    );
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('1 1.0.0 2 1.1.0');
    expect(lines[1]).toMatch(/^2 [0-9a-f]{12} 21$/);
    expect(lines[2]).toBe('[ 2 ]');
    expect(stdout).toContain("[ 'created', 'registered', 'registered', 'alias_set', 'stage' ]");
    expect(stdout).toContain('# fraud v1\n\n## Overview\n\nScores card transactions.');
  });
});
