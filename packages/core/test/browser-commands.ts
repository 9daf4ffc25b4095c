import type { BrowserCommand } from 'vitest/node';
import { httpBrowserCommands } from './http-browser-commands.ts';

/**
 * Commands the Chromium tests call to drive Node-side fixtures (HTTP servers for httpStorage and static
 * registry exports). Each group lives in its own file; their browser-side types are in
 * `browser-command-types.ts`.
 */
export const browserCommands: Record<string, BrowserCommand<never[]>> = {
  ...(httpBrowserCommands as unknown as Record<string, BrowserCommand<never[]>>),
};
