import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixture.test-data.ts';
import { renderDriftReport } from './render.ts';

const SCREENSHOT = path.join(os.tmpdir(), 'plinth-report.png');

describe('drift report screenshot (Node-driven Chromium)', () => {
  it(`renders in Chromium with the network disabled and writes ${SCREENSHOT}`, async () => {
    const { result, validation } = sampleReport();
    const html = renderDriftReport(result, { validation, generatedAt: new Date('2026-01-02T03:04:05Z') });
    const browser = await chromium.launch({
      executablePath: process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium',
      args: (process.env.PLINTH_CHROMIUM_ARGS ?? '--no-sandbox --disable-gpu').split(' '),
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1240, height: 900 }, offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.setContent(html, { waitUntil: 'load' });
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => ({
          width: svg.getBoundingClientRect().width,
          bars: svg.querySelectorAll('rect.bar').length,
        })),
      );
      const tested = result.columns.filter((column) => column.histogram).length;
      expect(charts).toHaveLength(2 * tested);
      expect(charts.every((chart) => chart.width > 100 && chart.bars > 0)).toBe(true);
      expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
