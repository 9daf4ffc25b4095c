import type { StaticServerSpec } from './http-browser-commands.ts';
import type { HttpStaticServerStats } from './http-static-server.ts';

export type { HttpStaticServerStats, StaticServerSpec };

declare module 'vitest/browser' {
  /** Node-side fixture commands as the Chromium tests see them (see `browser-commands.ts`). */
  interface BrowserCommands {
    startStaticServer(spec: StaticServerSpec): Promise<{ id: string; url: string }>;
    stopStaticServer(id: string): Promise<void>;
    staticServerStats(id: string, reset?: boolean): Promise<HttpStaticServerStats>;
    failStaticServer(id: string, count: number, status: number): Promise<void>;
    hangStaticServer(id: string, on: boolean): Promise<void>;
  }
}
