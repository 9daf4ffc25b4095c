import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ByteSource, type StorageAdapter, type StorageValue, textToBytes } from '@plinth/core';
import { iterateBytes } from '@plinth/core/adapter';
import { errors } from './errors.ts';

const TEMP_SUFFIX = '.plinth-partial';

/**
 * A directory of plain files whose paths are the storage keys (`models/fraud.json` is the file
 * `<dir>/models/fraud.json`), for `exportStatic({ toDirectory })`: any static web server then serves the keys
 * `httpStorage` asks for. Writes go to a temporary file then `rename`. No compare-and-set: it is a publishing
 * target with one writer, not a store shared by processes. Node only.
 */
export function plainDirectory(directory: string): StorageAdapter {
  const root = path.resolve(directory);
  const fileOf = (key: string) => {
    const segments = key.split('/');
    if (
      segments.some((segment) => segment === '' || segment === '.' || segment === '..') ||
      /[\\\0]/.test(key)
    ) {
      throw errors.invalid('export key', {
        path: '',
        message: `"${key.slice(0, 200)}" is not a relative path`,
      });
    }
    return path.join(root, ...segments);
  };
  const write = async (key: string, source: ByteSource | Uint8Array) => {
    const file = fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      const input =
        source instanceof Uint8Array ? Readable.from([source]) : Readable.from(iterateBytes(source));
      await pipeline(input, createWriteStream(temporary));
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const info = await stat(file);
    return { version: `${info.mtimeMs}-${info.size}`, size: info.size };
  };
  const statOf = async (key: string) => {
    try {
      const info = await stat(fileOf(key));
      return info.isFile() ? { version: `${info.mtimeMs}-${info.size}`, size: info.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    const walk = async (relative: string[]) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(path.join(root, ...relative), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) await walk([...relative, entry.name]);
        else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX))
          found.push([...relative, entry.name].join('/'));
      }
    };
    await walk([]);
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const unsupportedCondition = (options?: { ifNotExists?: boolean; ifVersion?: string }) => {
    if (options?.ifNotExists || options?.ifVersion !== undefined) {
      throw errors.error(
        'PLINTH_UNSUPPORTED',
        'a plain export directory has no compare-and-set; write to it without conditions',
      );
    }
  };
  return {
    name: 'directory',
    readOnly: false,
    async get(key) {
      const found = await statOf(key);
      return found && { value: new Uint8Array(await readFile(fileOf(key))), version: found.version };
    },
    stat: statOf,
    async put(key, value: StorageValue, options) {
      unsupportedCondition(options);
      return write(key, typeof value === 'string' ? textToBytes(value) : value);
    },
    async putStream(key, source, options) {
      unsupportedCondition(options);
      return write(key, source);
    },
    async delete(key) {
      const found = await statOf(key);
      if (found) await rm(fileOf(key), { force: true });
      return found !== undefined;
    },
    async list(prefix, options) {
      const all = (await keys()).filter(
        (key) => key.startsWith(prefix) && (options?.cursor === undefined || key > options.cursor),
      );
      const limit = options?.limit ?? 1000;
      const page = all.slice(0, limit);
      return { keys: page, ...(all.length > limit ? { cursor: page.at(-1) } : {}) };
    },
    async getStream(key) {
      const found = await statOf(key);
      if (!found) return undefined;
      const stream = Readable.toWeb(createReadStream(fileOf(key))) as ReadableStream<Uint8Array>;
      return { ...found, stream };
    },
  };
}
