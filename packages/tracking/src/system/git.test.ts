import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGitInfo } from './git.ts';

const repo = await mkdtemp(path.join(os.tmpdir(), 'plinth-git-'));
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

afterAll(() => rm(repo, { recursive: true, force: true }));

describe('readGitInfo (no shell; checked against the git CLI)', () => {
  it('reads commit and branch, loose or packed, and notices modified and deleted tracked files', async () => {
    git('init', '-q', '-b', 'trunk');
    await writeFile(path.join(repo, 'a.txt'), 'one\n');
    await writeFile(path.join(repo, 'b.txt'), 'two\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    const clean = await readGitInfo(path.join(repo));
    expect(clean).toEqual({
      commit: git('rev-parse', 'HEAD'),
      branch: git('branch', '--show-current'),
      dirty: false,
    });

    git('pack-refs', '--all');
    expect((await readGitInfo(repo)).commit).toBe(git('rev-parse', 'HEAD'));

    await writeFile(path.join(repo, 'a.txt'), 'one, changed\n');
    expect((await readGitInfo(repo)).dirty).toBe(true);
    git('checkout', '-q', '--', 'a.txt');
    git('update-index', '--refresh');
    expect((await readGitInfo(repo)).dirty).toBe(false);
    await rm(path.join(repo, 'b.txt'));
    expect((await readGitInfo(repo)).dirty).toBe(true);

    git('checkout', '-q', '--detach', 'HEAD');
    const detached = await readGitInfo(repo);
    expect(detached.branch).toBeUndefined();
    expect(detached.commit).toBe(git('rev-parse', 'HEAD'));
  });

  it('returns nothing outside a repository', async () => {
    expect(await readGitInfo(os.tmpdir())).toEqual({});
  });
});
