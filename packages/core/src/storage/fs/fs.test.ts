import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlinthError } from '../../errors/plinth-error.ts';
import { storageContract } from '../../testing/storage-contract.ts';
import { bytesToText } from '../bytes.ts';
import { listAllKeys } from '../list-all.ts';
import { HOST_TAG } from './atomic-write.ts';
import { fsStorage } from './index.node.ts';
import { ioError } from './io-error.ts';

const dirs: string[] = [];
function freshDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `plinth-fs-${label}-`));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storageContract({ name: 'fsStorage', create: () => fsStorage({ dir: freshDir('contract') }) });

/** Every file and directory under `root`, relative, recursively. */
function walk(root: string, relative = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    out.push(child);
    if (entry.isDirectory()) out.push(...walk(root, child));
  }
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return PlinthError.is(error) ? error.code : `not a PlinthError: ${String(error)}`;
  }
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('fsStorage on disk', () => {
  it('statSync sees writes and deletes made through another adapter on the same directory', async () => {
    const dir = freshDir('stat-sync');
    const reader = fsStorage({ dir, fsync: false });
    const writer = fsStorage({ dir, fsync: false });
    expect(reader.statSync!('shared/key')).toBeUndefined();
    const written = await writer.put('shared/key', 'abc');
    expect(reader.statSync!('shared/key')).toEqual({ version: written.version, size: 3 });
    const rewritten = await writer.put('shared/key', 'abcd', { ifVersion: written.version });
    expect(reader.statSync!('shared/key')).toEqual({ version: rewritten.version, size: 4 });
    await writer.delete('shared/key');
    expect(reader.statSync!('shared/key')).toBeUndefined();
  });

  it('maps keys that differ only in case, or in Unicode normalisation, to names that differ case-insensitively', async () => {
    const dir = freshDir('case');
    const storage = fsStorage({ dir, fsync: false });
    const keys = ['m/Model', 'm/model', 'm/MODEL', 'm/\u00e9', 'm/e\u0301', 'm/\u00c9'];
    for (const key of keys) await storage.put(key, key);
    const names = readdirSync(path.join(dir, 'm'));
    expect(names.length).toBe(keys.length);
    expect(new Set(names.map((name) => name.toLowerCase().normalize('NFD'))).size).toBe(keys.length);
    for (const key of keys) expect(bytesToText((await storage.get(key))!.value)).toBe(key);
  });

  it('never creates a file outside dir, whatever the key', async () => {
    const parent = freshDir('hostile');
    const dir = path.join(parent, 'store');
    const storage = fsStorage({ dir, fsync: false });
    const hostile = [
      '..',
      '../x',
      'a/../../x',
      '..%2f..%2fescape',
      '%2e%2e/x',
      '\uff0e\uff0e/x',
      '..\u2215x',
      '/etc/passwd',
      'C:\\Windows',
      'C:/x',
      'con',
      'aux/nul',
      'x/...',
      'x/. ',
      '~',
      '$HOME',
      'x/'.repeat(400),
      'a\u0000b',
    ];
    const accepted: string[] = [];
    for (const key of hostile) {
      const code = await codeOf(storage.put(key, 'hostile'));
      if (code === undefined) accepted.push(key);
      else expect(code, key).toBe('PLINTH_VALIDATION');
    }
    expect(readdirSync(parent)).toEqual(['store']);
    for (const file of walk(dir)) {
      expect(path.resolve(dir, file).startsWith(dir + path.sep)).toBe(true);
      for (const part of file.split(path.sep)) expect(part).toMatch(/^[a-z0-9_%^-]+(\.v)?$/);
    }
    expect(accepted.length).toBeGreaterThan(5);
    expect(await listAllKeys(storage, '')).toEqual([...accepted].sort());
    for (const key of accepted) expect(bytesToText((await storage.get(key))!.value)).toBe('hostile');
  });

  it('keeps a key that is also a prefix of other keys, and lists the tree in key order', async () => {
    const storage = fsStorage({ dir: freshDir('tree'), fsync: false });
    const keys = ['t/a', 't/a/b', 't/a-c', 't/a/b/c', 't/a0', 't/A', 't/a/\u00e9', 't/b'];
    for (const key of keys) await storage.put(key, `v:${key}`);
    // Hand-sorted in UTF-16 code-unit order: "A" < "a" < "a-" < "a/" < "a0" < "b".
    const expected = ['t/A', 't/a', 't/a-c', 't/a/b', 't/a/b/c', 't/a/\u00e9', 't/a0', 't/b'];
    expect(await listAllKeys(storage, 't/')).toEqual(expected);
    expect(await listAllKeys(storage, 't/a')).toEqual(expected.slice(1, 7));
    expect(await listAllKeys(storage, 't/a/')).toEqual(['t/a/b', 't/a/b/c', 't/a/\u00e9']);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.list('t/', { limit: 3, cursor });
      paged.push(...page.keys);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(paged).toEqual(expected);
    expect(await storage.delete('t/a')).toBe(true);
    expect(bytesToText((await storage.get('t/a/b'))!.value)).toBe('v:t/a/b');
    expect(await listAllKeys(storage, 't/a')).toEqual(expected.slice(2, 7));
  });

  it('hands out a new version on every write, even for same-sized values in the same millisecond', async () => {
    const storage = fsStorage({ dir: freshDir('versions'), fsync: false });
    const versions = new Set<string>();
    for (let i = 0; i < 200; i++) versions.add((await storage.put('v/a', 'same')).version);
    await storage.delete('v/a');
    versions.add((await storage.put('v/a', 'same')).version);
    expect(versions.size).toBe(201);
    expect((await storage.stat('v/a'))?.version).toBe([...versions].at(-1));
  });

  it('recovers a lock left by a dead process, and one older than lockStaleMs', async () => {
    const dir = freshDir('stale-lock');
    const storage = fsStorage({ dir, lockStaleMs: 2000, lockTimeoutMs: 1500 });
    await storage.put('locks/a', 'before');
    const lockFile = path.join(dir, 'locks', 'a.l');
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), host: os.hostname(), nonce: 'dead' }));
    // lockTimeoutMs (1.5 s) is shorter than lockStaleMs (2 s): this write can only succeed by judging the holder
    // dead, never by waiting for the lock to turn stale, so no wall-clock bound is needed.
    await storage.put('locks/a', 'after dead holder');
    expect(bytesToText((await storage.get('locks/a'))!.value)).toBe('after dead holder');
    expect(readdirSync(path.join(dir, 'locks')).sort()).toEqual(['a.v']);

    // A live holder (this very process, seen as another adapter) blocks until the lock turns stale.
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname(), nonce: 'live' }));
    expect(await codeOf(storage.put('locks/a', 'blocked'))).toBe('PLINTH_TIMEOUT');
    expect(bytesToText((await storage.get('locks/a'))!.value)).toBe('after dead holder');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile, old, old);
    await storage.delete('locks/a');
    expect(await storage.get('locks/a')).toBeUndefined();
    expect(readdirSync(path.join(dir, 'locks'))).toEqual([]);
  });

  it('ignores leftover temp files and removes those of dead writers when listing', async () => {
    const dir = freshDir('temp');
    const storage = fsStorage({ dir, fsync: false });
    await storage.put('tmp/a', 'kept');
    const deadTemp = `.t.${HOST_TAG}.${deadPid()}.abc`;
    const liveTemp = `.t.${HOST_TAG}.${process.pid}.def`;
    writeFileSync(path.join(dir, 'tmp', deadTemp), 'torn half-writ');
    writeFileSync(path.join(dir, 'tmp', liveTemp), 'in progress');
    writeFileSync(path.join(dir, 'tmp', 'README'), 'not ours');
    expect(await listAllKeys(storage, 'tmp/')).toEqual(['tmp/a']);
    expect(bytesToText((await storage.get('tmp/a'))!.value)).toBe('kept');
    expect(readdirSync(path.join(dir, 'tmp')).sort()).toEqual([liveTemp, 'README', 'a.v'].sort());
  });

  it('aborts a streamed write: the temp file is removed and the previous value stays', async () => {
    const dir = freshDir('abort');
    const storage = fsStorage({ dir });
    await storage.put('s/a', 'previous');
    const controller = new AbortController();
    async function* chunks() {
      for (let i = 0; i < 100; i++) {
        if (i === 5) controller.abort(new Error('stop'));
        yield new Uint8Array(64 * 1024).fill(i);
      }
    }
    expect(await codeOf(storage.putStream('s/a', chunks(), { signal: controller.signal }))).toBe(
      'PLINTH_ABORTED',
    );
    expect(bytesToText((await storage.get('s/a'))!.value)).toBe('previous');
    expect(readdirSync(path.join(dir, 's'))).toEqual(['a.v']);
  });

  it('streams a 512 MiB value in and out without holding it in memory', async () => {
    const dir = freshDir('huge');
    const storage = fsStorage({ dir });
    const chunkSize = 1024 * 1024;
    const chunks = 512;
    const chunkOf = (i: number) => new Uint8Array(chunkSize).fill(i % 251);
    let peak = 0;
    const sample = () => {
      const { arrayBuffers } = process.memoryUsage();
      peak = Math.max(peak, arrayBuffers);
    };
    async function* source() {
      for (let i = 0; i < chunks; i++) {
        sample();
        yield chunkOf(i);
      }
    }
    const started = performance.now();
    const result = await storage.putStream('huge/a', source());
    expect(result.size).toBe(chunks * chunkSize);
    const entry = (await storage.getStream('huge/a'))!;
    expect(entry.size).toBe(chunks * chunkSize);
    let offset = 0;
    let mismatches = 0;
    for await (const chunk of entry.stream) {
      sample();
      for (let i = 0; i < chunk.byteLength; i += 4099) {
        const position = offset + i;
        if (chunk[i] !== Math.floor(position / chunkSize) % 251) mismatches++;
      }
      offset += chunk.byteLength;
    }
    expect(offset).toBe(chunks * chunkSize);
    expect(mismatches).toBe(0);
    console.log(
      `512 MiB put+get stream: ${Math.round(performance.now() - started)} ms, peak arrayBuffers ${Math.round(peak / 2 ** 20)} MiB`,
    );
    expect(peak).toBeLessThan(256 * 2 ** 20);
    await storage.delete('huge/a');
  }, 120_000);

  it('pages 100k keys in key order (not on-disk order), each exactly once', async () => {
    const dir = freshDir('100k');
    const count = 100_000;
    const keys: string[] = [];
    // Seeded straight onto disk in the adapter's layout, as another process would leave it; mixed case and
    // non-ASCII so that the order of the encoded names differs from the order of the keys.
    mkdirSync(path.join(dir, 'big'));
    const spellings = ['k', 'K', '\u00e9', 'z', 'Z_'];
    const { encodeSegment } = await import('./key-path.ts');
    for (let i = 0; i < count; i++) {
      const segment = `${spellings[i % spellings.length]}${(i * 7919) % count}`;
      keys.push(`big/${segment}`);
      writeFileSync(path.join(dir, 'big', `${encodeSegment(segment)}.v`), '');
    }
    const expected = [...keys].sort();
    const storage = fsStorage({ dir, fsync: false });
    const started = performance.now();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await storage.list('big/', { limit: 1000, cursor });
      seen.push(...page.keys);
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    const elapsed = performance.now() - started;
    expect(pages).toBe(100);
    expect(seen).toEqual(expected);
    console.log(
      `listed 100k keys in 100 pages: ${Math.round(elapsed)} ms (${(elapsed / pages).toFixed(2)} ms/page)`,
    );
    // A key written afterwards shows up (the cached listing is invalidated).
    await storage.put('big/k-new', 'x');
    expect((await storage.list('big/k-new')).keys).toEqual(['big/k-new']);
    expect(statSync(path.join(dir, 'big')).isDirectory()).toBe(true);
  }, 120_000);

  it('reports I/O failures as PLINTH_STORAGE with the path, the cause and what to do', () => {
    const file = path.join(freshDir('notdir'), 'file');
    writeFileSync(file, 'x');
    let caught: unknown;
    try {
      fsStorage({ dir: path.join(file, 'store') });
    } catch (error) {
      caught = error;
    }
    expect(PlinthError.is(caught, 'PLINTH_STORAGE')).toBe(true);
    expect((caught as PlinthError).details?.path).toBe(path.join(file, 'store'));
    expect((caught as Error).cause).toMatchObject({ code: 'ENOTDIR' });
    let full: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (error) {
      full = error;
    }
    const wrapped = ioError('storage:fs', 'write temp file', '/store/x', full);
    expect(wrapped.code).toBe('PLINTH_STORAGE');
    expect(wrapped.message).toContain('ENOSPC');
    expect(wrapped.message).toContain('disk is full');
    expect(wrapped.cause).toBe(full);
    expect(
      ioError('storage:fs', 'open', '/x', Object.assign(new Error('denied'), { code: 'EACCES' })).message,
    ).toContain('permission denied');
    let badOptions: unknown;
    try {
      fsStorage({ dir: '' });
    } catch (error) {
      badOptions = error;
    }
    expect(PlinthError.is(badOptions, 'PLINTH_VALIDATION')).toBe(true);
  });
});
