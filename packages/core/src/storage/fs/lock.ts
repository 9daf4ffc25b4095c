import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { backoff } from '../../backoff.ts';
import { PlinthError } from '../../errors/plinth-error.ts';
import { throwIfAborted } from '../conditions.ts';
import { errorCode, ioError } from './io-error.ts';
import { ASIDE_PREFIX, STEAL_GUARD_SUFFIX } from './key-path.ts';

/** How locks are taken. */
export interface LockSettings {
  component: string;
  /** A lock older than this is abandoned. */
  staleMs: number;
  /** Longest wait before `PLINTH_TIMEOUT`. */
  timeoutMs: number;
}

/** What a lock file holds: who took it, so others can tell whether it was abandoned. */
interface LockOwner {
  pid: number;
  host: string;
  nonce: string;
}

const host = hostname();

/** A fresh random token. */
export function nonce(): string {
  return randomBytes(9).toString('base64url');
}

/** True when `pid` names a live process on this host (a process we may not signal counts as live). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(content) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.nonce === 'string') {
      return owner as LockOwner;
    }
  } catch {}
  return undefined;
}

/** The content of an abandoned lock at `lockPath`, or `undefined` if it is held (or gone). */
async function abandonedContent(lockPath: string, settings: LockSettings): Promise<string | undefined> {
  let content: string;
  let modified: number;
  try {
    // Content first, then age: if the lock is replaced in between, the age is the new lock's (fresh).
    content = await readFile(lockPath, 'utf8');
    modified = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw ioError(settings.component, 'inspect lock', lockPath, error);
  }
  const owner = parseOwner(content);
  const dead =
    owner !== undefined && owner.host === host && owner.pid !== process.pid && !processAlive(owner.pid);
  return dead || Date.now() - modified > settings.staleMs ? content : undefined;
}

/**
 * Removes `file` if it still holds `judged`: renames it aside, checks what was moved, and puts it back if it had
 * been replaced in the meantime. Used only for abandoned steal guards, whose holders died mid-steal; locks
 * themselves are removed under a guard (see {@link steal}).
 */
async function removeIfUnchanged(file: string, judged: string, settings: LockSettings): Promise<void> {
  const aside = path.join(path.dirname(file), `${ASIDE_PREFIX}${nonce()}`);
  try {
    await rename(file, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw ioError(settings.component, 'remove abandoned steal guard', file, error);
  }
  try {
    if ((await readFile(aside, 'utf8')) !== judged) await link(aside, file).catch(() => {});
  } finally {
    await unlink(aside).catch(() => {});
  }
}

/** Creates `file` exclusively with `content`; `false` when it already exists. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  await handle.close();
  return true;
}

/**
 * Steals an abandoned lock. Stealers take turns through an exclusive guard file: the one holding it reads
 * the lock again and removes it only if it still holds the content judged abandoned. Nobody else can remove or
 * replace the lock meanwhile — its holder is gone, acquirers only create a missing lock, other stealers wait for
 * the guard — so a live lock is never moved (which lost an update when four processes stole one dead lock at
 * once and one of them briefly set aside the lock another had just taken). A guard whose holder died is itself
 * removed once abandoned.
 *
 * @returns `false` when another stealer holds the guard (the caller backs off and retries).
 */
async function steal(lockPath: string, judged: string, settings: LockSettings): Promise<boolean> {
  const guardPath = `${lockPath}${STEAL_GUARD_SUFFIX}`;
  const guardContent = JSON.stringify({ pid: process.pid, host, nonce: nonce() } satisfies LockOwner);
  let guarded: boolean;
  try {
    guarded = await createExclusive(guardPath, guardContent);
  } catch (error) {
    throw ioError(settings.component, 'create steal guard', guardPath, error);
  }
  if (!guarded) {
    const abandonedGuard = await abandonedContent(guardPath, settings);
    if (abandonedGuard !== undefined) await removeIfUnchanged(guardPath, abandonedGuard, settings);
    return false;
  }
  try {
    let current: string;
    try {
      current = await readFile(lockPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return true;
      throw ioError(settings.component, 'inspect lock', lockPath, error);
    }
    if (current === judged) await unlink(lockPath).catch(() => {});
    return true;
  } finally {
    await unlink(guardPath).catch(() => {});
  }
}

/**
 * Takes the lock file `lockPath` (exclusive create holding pid, host and a nonce), waiting with a
 * randomised backoff while a live holder has it and stealing it when its holder is dead or it is older
 * than `staleMs`. Resolves to the release function.
 *
 * @throws {PlinthError} `PLINTH_TIMEOUT` after `timeoutMs`, `PLINTH_ABORTED`, `PLINTH_STORAGE`.
 */
export async function acquireLock(
  lockPath: string,
  settings: LockSettings,
  signal?: AbortSignal,
): Promise<() => Promise<void>> {
  const owner: LockOwner = { pid: process.pid, host, nonce: nonce() };
  const content = JSON.stringify(owner);
  const deadline = Date.now() + settings.timeoutMs;
  // 1 ms doubling up to 32, each wait drawn in the upper half of its ceiling
  const retries = backoff({ component: settings.component, baseMs: 1, maxDelayMs: 32, jitter: 'equal' });
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal, settings.component);
    let created: boolean;
    try {
      created = await createExclusive(lockPath, content);
    } catch (error) {
      throw ioError(settings.component, 'create lock', lockPath, error);
    }
    if (created) {
      const acquired = Date.now();
      return () => releaseLock(lockPath, content, settings, Date.now() - acquired < settings.staleMs / 2);
    }
    const judged = await abandonedContent(lockPath, settings);
    if (judged !== undefined && (await steal(lockPath, judged, settings))) continue;
    if (Date.now() > deadline) {
      throw new PlinthError({
        code: 'PLINTH_TIMEOUT',
        component: settings.component,
        message: `lock "${lockPath}" still held after ${settings.timeoutMs} ms; if no process uses the store, delete the file, or raise lockTimeoutMs`,
        details: { path: lockPath },
      });
    }
    await retries.wait(attempt, signal);
  }
}

async function releaseLock(
  lockPath: string,
  content: string,
  settings: LockSettings,
  fresh: boolean,
): Promise<void> {
  try {
    // Only remove our own lock. Held for under half of staleMs by this live process, nobody can have
    // judged it abandoned; held longer, it may have been stolen and now belong to someone else.
    if (fresh || (await readFile(lockPath, 'utf8')) === content) await unlink(lockPath);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw ioError(settings.component, 'release lock', lockPath, error);
  }
}

/** Runs `task` after every earlier task queued under the same name in this process has settled. */
export function createLocalQueue(): <T>(name: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (name, task) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => {});
    tails.set(name, tail);
    tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return run;
  };
}
