import { manualClock } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createTracker } from '@plinth/tracking';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler } from '../src/index.node.ts';
import { launchChromium, openRoute } from './browser.ts';
import { type FetchServer, serveHandler } from './node-server.ts';

const RUNS = 2000;

describe('a runs table of thousands of rows (Chromium)', () => {
  let server: FetchServer;
  let browser: Browser;
  let experimentId: string;

  beforeAll(async () => {
    const tracker = createTracker({
      storage: memoryStorage(),
      clock: manualClock(Date.UTC(2026, 0, 1), 1000),
      systemTags: false,
      exitHandler: false,
      heartbeatMs: 0,
    });
    for (let index = 0; index < RUNS; index++) {
      const run = await tracker.startRun({
        experiment: 'many',
        name: `run-${String(index).padStart(4, '0')}`,
      });
      run.logMetric('acc', index / RUNS);
      await run.end();
    }
    experimentId = (await tracker.getExperiment('many')).id;
    server = await serveHandler(createUiHandler({ tracker }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps only the visible rows in the DOM and scrolls through all of them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openRoute(page, server.url, `#/experiments/${experimentId}?size=5000`);
    await page.waitForSelector('#runs-table tr[data-run]');
    expect(await page.locator('#pager-count, .pager .muted').first().textContent()).toContain(`${RUNS} runs`);
    const rendered = await page.locator('#runs-table tr[data-run]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(150);
    // newest first: the last run started is at the top, the first at the very bottom of the scroll range
    expect(await page.locator('#runs-table tr[data-run] td:nth-child(2)').first().textContent()).toBe(
      'run-1999',
    );
    await page.evaluate(() => {
      const scroller = document.getElementById('runs-scroll')!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#runs-table tr[data-run] td:nth-child(2)')].some(
        (cell) => cell.textContent === 'run-0000',
      ),
    );
    expect(await page.locator('#runs-table tr[data-run]').count()).toBeLessThan(150);
    await page.close();
  });
});
