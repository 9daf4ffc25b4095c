import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlinthError } from '@plinth/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainFileServer } from '../../core/test/plain-file-server.ts';
import { exportStaticUi } from '../src/index.node.ts';
import { launchChromium, OUTPUT, openRoute, watch } from './browser.ts';
import { type Seeded, seedStore } from './seed.ts';

describe('exportStaticUi on a plain static file server (Chromium)', () => {
  let seeded: Seeded;
  let directory: string;
  let server: Awaited<ReturnType<typeof startPlainFileServer>>;
  let browser: Browser;
  const progress: number[] = [];

  beforeAll(async () => {
    seeded = await seedStore();
    directory = await mkdtemp(path.join(tmpdir(), 'plinth-ui-static-'));
    const summary = await exportStaticUi({
      tracker: seeded.tracker,
      registry: seeded.registry,
      profiles: seeded.profiles,
      to: directory,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(summary).toMatchObject({ runs: 6, versions: 2 });
    server = await startPlainFileServer(directory);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
    await seeded?.tracker.close();
  });

  it('validates its options before writing anything', async () => {
    for (const options of [
      undefined,
      {},
      { tracker: seeded.tracker },
      { tracker: seeded.tracker, to: '' },
      { tracker: seeded.tracker, to: 'x', write: true },
    ]) {
      await expect(exportStaticUi(options as never)).rejects.toSatisfy((error) =>
        PlinthError.is(error, 'PLINTH_VALIDATION'),
      );
    }
  });

  it('writes the page, its assets and prerendered JSON, and never an SVG a browser would run', async () => {
    const files = await readdir(directory, { recursive: true });
    expect(files).toContain('index.html');
    expect(files).toContain(path.join('assets', 'uPlot.iife.min.js'));
    expect(files.some((file) => file.endsWith('.svg'))).toBe(false);
    expect(await readFile(path.join(directory, 'index.html'), 'utf8')).toContain('data-mode="static"');
    expect(progress.at(-1)).toBe(progress.length);
  });

  it('browses, filters and sorts in the page, draws charts and shows a model version', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems, foreign } = watch(page, server.url.slice(0, -1));
    await openRoute(page, server.url, `#/experiments/${seeded.experimentId}`);
    await page.waitForSelector('#runs-table tr[data-run]');
    expect(await page.locator('#runs-table tr[data-run]').count()).toBe(6);
    await page.fill('#filter', "params.model = 'gbm' and metrics.acc > 0.8");
    await page.press('#filter', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run]').length === 2);
    await page.click('#runs-table th[data-column="metric:acc"]');
    await page.waitForSelector('#runs-table th[data-column="metric:acc"].sorted.desc');
    expect(await page.locator('#runs-table tr[data-run] td:nth-child(2)').allTextContents()).toEqual([
      'run-001',
      'run-003',
    ]);
    expect(await page.locator('#mode').textContent()).toBe('static export · read-only');

    await openRoute(page, server.url, `#/runs/${seeded.runIds[0]}`);
    await page.waitForSelector('#metric-charts .chart[data-ready="true"]');
    expect(await page.locator('#rename').count()).toBe(0); // no write actions in an export
    await page.click('#artifacts button[data-path="plots/pixel.png"]');
    await page.waitForFunction(
      () => (document.querySelector('#artifact-view img') as HTMLImageElement | null)?.naturalWidth === 1,
    );
    await page.click('#artifacts button[data-path="plots/roc.svg"]');
    await page.waitForFunction(
      () => (document.querySelector('#artifact-view img') as HTMLImageElement | null)?.naturalWidth === 120,
    );
    await page.screenshot({ path: fileURLToPath(new URL('static-run.png', OUTPUT)), fullPage: true });

    await openRoute(page, server.url, `#/compare?runs=${seeded.runIds.slice(0, 3).join(',')}`);
    await page.waitForSelector('#compare-charts .chart[data-ready="true"]');
    await openRoute(page, server.url, '#/models/fraud-scorer/2');
    expect(await page.locator('#lineage a').textContent()).toBe('run-001');
    expect(await page.locator('#alias-form').count()).toBe(0);
    await openRoute(page, server.url, '#/drift/0');
    await page.waitForSelector('#drift-report');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
