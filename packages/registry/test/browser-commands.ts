import type { ChildProcess } from 'node:child_process';
import type { BrowserCommand } from 'vitest/node';
import { spawnTsx } from './spawn-tsx.ts';

/** What a started static export serves, as the Chromium test sees it. */
export interface StaticExportInfo {
  /** Base URL of the export, ending with `/`. */
  url: string;
  /** Version `models:/fraud@champion` points to. */
  version: number;
  /** Size of its artifact. */
  size: number;
  /** SHA-256 of its artifact, computed with node:crypto. */
  sha256: string;
}

const running = new Map<string, ChildProcess>();

/**
 * Starts `static-export-server.ts` in its own Node process: a registry exported with `exportStatic` and
 * served over HTTP on 127.0.0.1. Resolves once it serves.
 */
const registryStaticExportStart: BrowserCommand<[]> = () =>
  new Promise<StaticExportInfo>((resolve, reject) => {
    const child = spawnTsx('static-export-server.ts');
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      const info = JSON.parse(out.slice(0, newline)) as StaticExportInfo;
      running.set(info.url, child);
      resolve(info);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`static export server exited with ${code}: ${err}`)));
  });

/** Stops the server started for `url` and waits for its process to exit. */
const registryStaticExportStop: BrowserCommand<[url: string]> = async (_context, url) => {
  const child = running.get(url);
  if (!child) return false;
  running.delete(url);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return true;
};

/** Browser commands of the registry's Chromium tests; spread into `browser.commands` in vitest.config.ts. */
export const registryBrowserCommands = { registryStaticExportStart, registryStaticExportStop };
