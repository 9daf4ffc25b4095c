import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** What `.git` says about the checkout: commit, branch and a dirty flag. */
export interface GitInfo {
  commit?: string;
  branch?: string;
  /** `true`/`false` from the index stat check, `undefined` when it could not be decided. */
  dirty?: boolean;
}

async function findGitDir(start: string): Promise<string | undefined> {
  let directory = path.resolve(start);
  for (;;) {
    const candidate = path.join(directory, '.git');
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
    if (info?.isFile()) {
      const text = await readFile(candidate, 'utf8');
      const match = /^gitdir:\s*(.+)$/m.exec(text);
      if (match) return path.resolve(directory, match[1]!.trim());
    }
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

async function resolveRef(gitDir: string, ref: string): Promise<string | undefined> {
  const common = await readFile(path.join(gitDir, 'commondir'), 'utf8')
    .then((text) => path.resolve(gitDir, text.trim()))
    .catch(() => gitDir);
  for (const directory of [gitDir, common]) {
    const loose = await readFile(path.join(directory, ref), 'utf8').catch(() => undefined);
    if (loose) return loose.trim();
    const packed = await readFile(path.join(directory, 'packed-refs'), 'utf8').catch(() => undefined);
    const line = packed?.split('\n').find((entry) => entry.endsWith(` ${ref}`));
    if (line) return line.split(' ')[0];
  }
  return undefined;
}

/**
 * Dirty check without a shell: reads the index (format v2/v3) and compares each tracked file's size and
 * mtime (seconds) with the working tree. Catches modified and deleted tracked files; untracked files are
 * not considered. Gives up (`undefined`) on index v4 or more than `limit` entries.
 */
async function isDirty(gitDir: string, workTree: string, limit = 20_000): Promise<boolean | undefined> {
  const index = await readFile(path.join(gitDir, 'index')).catch(() => undefined);
  if (index?.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = index.readUInt32BE(4);
  const count = index.readUInt32BE(8);
  if ((version !== 2 && version !== 3) || count > limit) return undefined;
  const entries: Array<{ file: string; mtime: number; size: number }> = [];
  let offset = 12;
  for (let i = 0; i < count; i++) {
    const mtime = index.readUInt32BE(offset + 8);
    const size = index.readUInt32BE(offset + 36);
    const flags = index.readUInt16BE(offset + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const nameStart = offset + 62 + (extended ? 2 : 0);
    const nameEnd = index.indexOf(0, nameStart);
    entries.push({ file: index.toString('utf8', nameStart, nameEnd), mtime, size });
    const entryLength = nameEnd - offset;
    offset += Math.ceil((entryLength + 1) / 8) * 8;
  }
  const results = await Promise.all(
    entries.map(async (entry) => {
      const info = await stat(path.join(workTree, entry.file)).catch(() => undefined);
      if (!info) return true;
      return info.size !== entry.size || Math.floor(info.mtimeMs / 1000) !== entry.mtime;
    }),
  );
  return results.some(Boolean);
}

/** Reads commit, branch and dirty flag from the `.git` above `start`; `{}` outside a repository. */
export async function readGitInfo(start: string): Promise<GitInfo> {
  const gitDir = await findGitDir(start);
  if (!gitDir) return {};
  const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  const info: GitInfo = {};
  if (head.startsWith('ref: ')) {
    const ref = head.slice(5);
    info.branch = ref.replace(/^refs\/heads\//, '');
    info.commit = await resolveRef(gitDir, ref);
  } else if (/^[0-9a-f]{40,64}$/.test(head)) {
    info.commit = head;
  }
  const workTree = path.basename(gitDir) === '.git' ? path.dirname(gitDir) : undefined;
  if (workTree) info.dirty = await isDirty(gitDir, workTree).catch(() => undefined);
  return info;
}
