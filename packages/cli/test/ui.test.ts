import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainFileServer } from '../../core/test/plain-file-server.ts';
import { nodeArguments, plinth, repositoryRoot, type Seeded, seedStore, tempDir } from './helpers.ts';

/** Starts `plinth ui` on a free port; resolves with its URL once it prints it. */
async function startUi(args: string[]) {
  const child = spawn(process.execPath, [...nodeArguments, 'ui', '--port', '0', ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^plinth ui: (http:\/\/\S+)$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`plinth ui exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  };
  return { url, stop, stderr: () => stderr };
}

/** A GET with a chosen Host header (fetch cannot set it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers: { host } }, (incoming) => {
      incoming.resume();
      resolve(incoming.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('plinth ui', () => {
  let seeded: Seeded;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    seeded = await seedStore(path.join(temp.dir, 'store'));
  });
  afterAll(() => remove());

  it('serves the page and the API of a store on localhost, read-only; SIGTERM stops it with exit code 0', async () => {
    const ui = await startUi(['--dir', seeded.dir]);
    try {
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(ui.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const config = (await (await fetch(new URL('api/config', ui.url))).json()) as { write: boolean };
      expect(config.write).toBe(false);
      const runs = await fetch(new URL('api/runs?view=all', ui.url));
      expect(runs.status).toBe(200);
      expect(await runs.text()).toContain(seeded.runs.b);
      const models = await fetch(new URL('api/models', ui.url));
      expect(await models.text()).toContain('fraud');
      expect(ui.stderr()).toContain('read-only');
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding), answers localhost', async () => {
    const ui = await startUi(['--dir', seeded.dir, '--write']);
    try {
      const port = new URL(ui.url).port;
      expect(await getWithHost(`${ui.url}api/config`, `evil.example:${port}`)).toBe(403);
      expect(await getWithHost(`${ui.url}api/config`, `localhost:${port}`)).toBe(200);
      const config = (await (await fetch(new URL('api/config', ui.url))).json()) as { write: boolean };
      expect(config.write).toBe(true);
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });

  it('bad flags exit 2; a missing store exits 1 before listening', async () => {
    const port = await plinth(['ui', '--dir', seeded.dir, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('must be an integer from 0 to 65,535');
    const missing = await plinth(['ui', '--dir', path.join(seeded.dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
  });

  it('--static writes the UI as files a plain static server can host', async () => {
    const { dir, remove: removeOut } = await tempDir();
    const out = path.join(dir, 'site');
    try {
      const result = await plinth(['ui', '--dir', seeded.dir, '--static', out, '--json']);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as {
        to: string;
        runs: number;
        versions: number;
        files: number;
      };
      expect(summary).toMatchObject({ to: out, runs: 5, versions: 2 });
      expect(await readFile(path.join(out, 'index.html'), 'utf8')).toMatch(/<html/i);
      const server = await startPlainFileServer(out);
      try {
        const config = await fetch(`${server.url}data/config.json`);
        expect(await config.json()).toMatchObject({ mode: 'static', write: false, registry: true });
      } finally {
        await server.close();
      }
      const again = await plinth(['ui', '--dir', seeded.dir, '--static', out]);
      expect(again.code).toBe(0);
      const inside = await plinth(['ui', '--dir', seeded.dir, '--static', path.join(seeded.dir, 'site')]);
      expect(inside.code).toBe(2);
      expect(inside.stderr).toContain('overlaps the store');
    } finally {
      await removeOut();
    }
  });
});
