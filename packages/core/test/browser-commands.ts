import type { BrowserCommand } from 'vitest/node';

/**
 * Commands the Chromium tests call to drive Node-side fixtures (HTTP servers for httpStorage and static
 * registry exports). Filled in by the adapters' browser tests.
 */
export const browserCommands: Record<string, BrowserCommand<never[]>> = {};
