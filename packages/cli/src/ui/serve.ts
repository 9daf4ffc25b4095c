import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUiHandler } from '@plinth/ui';
import type { CliContext } from '../context.ts';
import { cliErrors } from '../errors.ts';
import type { Store } from '../store.ts';
import { allowedHosts, isLoopback, sendResponse, toRequest } from './node-http.ts';

/** Flags of `plinth ui` (serving). */
export interface ServeFlags {
  dir: string;
  port: number;
  host: string;
  write?: boolean;
  open?: boolean;
  actor: string;
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['explorer.exe', [url]]
        : ['xdg-open', [url]];
  execFile(command, args, () => {});
}

/**
 * Serves the UI of a store with node:http until SIGINT / SIGTERM; prints the URL. Requests whose `Host`
 * header is not this server's loopback address are refused (403) when bound to a loopback address.
 */
export async function serveUi(context: CliContext, store: Store, flags: ServeFlags): Promise<void> {
  const handler = createUiHandler({
    tracker: store.tracker,
    registry: store.registry,
    profiles: store.profiles,
    write: flags.write === true,
    actor: flags.actor,
  });
  let hosts: Set<string> | undefined;
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const host = incoming.headers.host ?? '';
    if (hosts && !hosts.has(host.toLowerCase())) {
      outgoing.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      outgoing.end('plinth ui: this server answers only requests addressed to localhost\n');
      return;
    }
    void (async () => {
      try {
        await sendResponse(await handler(toRequest(incoming, host ? `http://${host}` : origin)), outgoing);
      } catch {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        outgoing.end('plinth ui: internal error\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? cliErrors.error(
              'PLINTH_CONFLICT',
              `port ${flags.port} on ${flags.host} is in use; pass --port <n> (0 picks a free one)`,
              { cause: error },
            )
          : cliErrors.error(
              'PLINTH_STORAGE',
              `cannot listen on ${flags.host}:${flags.port}: ${error.message}`,
              { cause: error },
            ),
      );
    });
    server.listen(flags.port, flags.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(flags.host, port);
  const shownHost = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  origin = `http://${shownHost}:${port}`;
  const url = `${origin}/`;
  context.print(`plinth ui: ${url}\n`);
  context.note(
    `serving ${store.dir} (${flags.write ? 'write actions on: rename, tag, delete, move aliases' : 'read-only'}); Ctrl-C stops`,
  );
  if (!isLoopback(flags.host))
    context.note(`warning: listening on ${flags.host}: other machines can reach this UI`);
  if (flags.open) openBrowser(url);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
