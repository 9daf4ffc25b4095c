import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { browserCommands } from './packages/core/test/browser-commands.ts';
import { registryBrowserCommands } from './packages/registry/test/browser-commands.ts';

const sourceCondition = '@plinth/source';

/** Flags Debian's Chromium needs in this sandbox (no network, no GPU, running as root). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { conditions: [sourceCondition, ...defaultServerConditions] },
        ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.chromium.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          typecheck: {
            enabled: true,
            include: ['packages/*/src/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        // Node tests that drive Chromium themselves (playwright-core): run with the browser tests, since they
        // need the same Chromium, so `npm test` works on a machine without one.
        resolve: { conditions: [sourceCondition, ...defaultServerConditions] },
        ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
        test: {
          name: 'chromium',
          environment: 'node',
          include: [
            'packages/*/src/**/*.chromium.test.ts',
            'packages/*/test/**/*.chromium.test.ts',
            'examples/**/*.chromium.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { PLINTH_CHROMIUM_ARGS: chromiumArgs.join(' ') },
        },
      },
      {
        resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.browser.test.ts', 'packages/*/test/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium',
                args: chromiumArgs,
              },
            }),
            instances: [{ browser: 'chromium' }],
            commands: { ...browserCommands, ...registryBrowserCommands },
          },
        },
      },
    ],
  },
});
