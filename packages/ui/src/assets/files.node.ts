import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { UiAssetSource } from '../options.ts';
import { CLIENT_FILES, UPLOT_FILES } from './manifest.ts';

// This file sits at src/assets/ (tests, `@plinth/source`) or dist/assets/ (the installed package): the client
// files are in the package's assets/ folder either way, and uPlot is resolved from the package's dependencies.
const ASSET_DIRECTORY = new URL('../../assets/', import.meta.url);
const requireHere = createRequire(import.meta.url);
const cache = new Map<string, Promise<Uint8Array>>();

function pathOf(name: string): string | undefined {
  if ((CLIENT_FILES as readonly string[]).includes(name))
    return fileURLToPath(new URL(name, ASSET_DIRECTORY));
  if (Object.hasOwn(UPLOT_FILES, name)) return requireHere.resolve(UPLOT_FILES[name]!);
  return undefined;
}

/** The client files read from the package directory (Node), cached after the first read. */
export const packageAssets: UiAssetSource = async (name) => {
  const path = pathOf(name);
  if (!path) return undefined;
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = readFile(path).then(
      (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    );
    cache.set(name, bytes);
    bytes.catch(() => cache.delete(name));
  }
  return bytes;
};
