import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler } from '../src/index.node.ts';
import { launchChromium, OUTPUT, openRoute, watch } from './browser.ts';
import { type FetchServer, serveHandler } from './node-server.ts';
import { type Seeded, seedStore } from './seed.ts';

const shot = (name: string) => fileURLToPath(new URL(`${name}.png`, OUTPUT));

describe('the UI in Chromium (seeded store, write mode)', () => {
  let seeded: Seeded;
  let server: FetchServer;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(OUTPUT, { recursive: true });
    seeded = await seedStore();
    server = await serveHandler(
      createUiHandler({
        tracker: seeded.tracker,
        registry: seeded.registry,
        profiles: seeded.profiles,
        write: true,
      }),
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('filters, sorts, opens a run, compares three runs, opens a model version and moves an alias', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems, foreign } = watch(page, server.url.slice(0, -1));

    await openRoute(page, server.url, '#/');
    await expect(page.locator('#experiments a').allTextContents()).resolves.toEqual(['fraud']);
    await openRoute(page, server.url, `#/experiments/${seeded.experimentId}`);
    await page.waitForSelector('#runs-table tr[data-run]');
    // newest first by default: the seed started run-000 … run-005 in order
    expect(await page.locator('#runs-table tr[data-run] td:nth-child(2)').allTextContents()).toEqual([
      'run-005',
      'run-004',
      'run-003',
      'run-002',
      'run-001',
      'run-000',
    ]);
    await page.screenshot({ path: shot('runs'), fullPage: false });

    // filter with the search grammar: the seed gives model mlp to the even runs
    await page.fill('#filter', "params.model = 'mlp'");
    await page.press('#filter', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run]').length === 3);
    // sort by acc (descending first): acc at the last step is 0.5 + 0.4 (1 - i/20), largest for i = 0
    await page.click('#runs-table th[data-column="metric:acc"]');
    await page.waitForSelector('#runs-table th[data-column="metric:acc"].sorted.desc');
    await page.waitForFunction(
      () => document.querySelector('#runs-table tr[data-run] td:nth-child(2)')?.textContent === 'run-000',
    );
    expect(await page.locator('#runs-table tr[data-run] td:nth-child(2)').allTextContents()).toEqual([
      'run-000',
      'run-002',
      'run-004',
    ]);
    await page.click('#runs-table th[data-column="metric:acc"]');
    await page.waitForSelector('#runs-table th[data-column="metric:acc"].sorted.asc');
    await page.waitForFunction(
      () => document.querySelector('#runs-table tr[data-run] td:nth-child(2)')?.textContent === 'run-004',
    );

    // column chooser: add a tag column and move it first
    await page.click('#columns-button');
    await page.check('#column-chooser input[data-column="tag:team"]');
    expect(await page.locator('#runs-table th[data-column="tag:team"]').count()).toBe(1);
    for (let i = 0; i < 20; i++) {
      const first = await page.locator('#runs-table thead th').nth(1).getAttribute('data-column');
      if (first === 'tag:team') break;
      await page.click('#column-chooser li[data-column="tag:team"] button.up');
    }
    expect(await page.locator('#runs-table thead th').nth(1).getAttribute('data-column')).toBe('tag:team');
    await page.screenshot({ path: shot('runs-filtered'), fullPage: false });

    // open a run
    await page.click('#runs-table a:text-is("run-000")');
    await page.waitForSelector('#main[data-page="runs"][data-ready="true"]');
    await page.waitForSelector('#metric-charts .chart[data-ready="true"]');
    expect(await page.locator('#run-name').textContent()).toBe('run-000');
    expect(await page.locator('#metric-charts .chart').count()).toBe(2); // acc and loss; system metrics apart
    expect(await page.locator('#system-charts .chart').count()).toBe(1);
    expect(await page.locator('#inputs td').first().textContent()).toBe('transactions');
    await page.click('#artifacts button[data-path="data/head.csv"]');
    await page.waitForSelector('#artifact-view table.csv');
    expect(
      await page.locator('#artifact-view table.csv tbody tr').nth(1).locator('td').allTextContents(),
    ).toEqual(['2', '3,000', '1']);
    await page.click('#artifacts button[data-path="plots/roc.svg"]');
    await page.waitForSelector('#artifact-view img.preview-image');
    await page.waitForFunction(
      () => (document.querySelector('#artifact-view img') as HTMLImageElement | null)?.naturalWidth === 120,
    );
    expect(await page.evaluate(() => (window as unknown as { __svgRan?: number }).__svgRan)).toBeUndefined();
    await page.screenshot({ path: shot('run'), fullPage: true });

    // log scale and time axis redraw the charts
    await page.check('#metric-charts >> xpath=.. >> input.log-scale');
    await page.waitForSelector('#metric-charts .chart[data-ready="true"]');

    // compare three runs
    await openRoute(page, server.url, `#/compare?runs=${seeded.runIds.slice(0, 3).join(',')}`);
    await page.waitForSelector('#compare-charts .chart[data-ready="true"]');
    expect(await page.locator('#compare-runs li').allTextContents()).toEqual([
      'run-000',
      'run-001',
      'run-002',
    ]);
    // only differing rows: lr, model, layers differ; metrics differ; nothing equal is listed
    const keys = await page
      .locator('#compare-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
    expect(keys).toEqual([
      'param:layers',
      'param:lr',
      'param:model',
      'metric:acc',
      'metric:loss',
      'metric:system/cpu_percent',
    ]);
    expect(await page.locator('#parallel-coordinates polyline').count()).toBe(3);
    expect(await page.locator('#compare-charts .chart').count()).toBe(2);
    await page.screenshot({ path: shot('compare'), fullPage: true });

    // a model version, then move the alias (write mode) with a reason
    await openRoute(page, server.url, '#/models/fraud-scorer/2');
    expect(await page.locator('#lineage a').textContent()).toBe('run-001');
    expect(await page.locator('#model-card h2').first().textContent()).toBe('fraud-scorer v2');
    await page.screenshot({ path: shot('version'), fullPage: true });
    await page.fill('#alias-name', 'champion');
    await page.fill('#alias-reason', 'v2 beats v1 on AUC');
    await page.click('#alias-submit');
    await page.waitForFunction(() => document.querySelector('#version-aliases')?.textContent === '@champion');
    const history = await seeded.registry.history('fraud-scorer');
    const move = history.at(-1)!;
    expect([move.type, move.alias, move.from, move.to, move.reason, move.actor]).toEqual([
      'alias_moved',
      'champion',
      1,
      2,
      'v2 beats v1 on AUC',
      'plinth-ui',
    ]);
    await openRoute(page, server.url, '#/models/fraud-scorer');
    expect(await page.locator('#history tbody tr').first().textContent()).toContain('v2 beats v1 on AUC');
    await page.screenshot({ path: shot('model'), fullPage: true });
    await openRoute(page, server.url, '#/models');
    await page.screenshot({ path: shot('models'), fullPage: false });

    await openRoute(page, server.url, '#/drift/0');
    await page.waitForSelector('#drift-report');
    await page.screenshot({ path: shot('drift'), fullPage: true });

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
