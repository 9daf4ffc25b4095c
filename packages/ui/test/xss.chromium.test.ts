import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manualClock, PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createProfile, detectDrift, profileStore } from '@plinth/monitoring';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler } from '../src/index.node.ts';
import { launchChromium, OUTPUT, openRoute, watch } from './browser.ts';
import { type FetchServer, serveHandler } from './node-server.ts';

// Each payload sets window.__xss if it ever runs as markup or script.
const SCRIPT = '<script>window.__xss = "script"</script>';
const IMG = '"><img src=x onerror="window.__xss = \'img\'">';
const SVG = '<svg onload="window.__xss = \'svg\'">';
const JS_URL = "javascript:window.__xss='href'";
const ALL = `${SCRIPT} ${IMG} ${SVG} ${JS_URL}`;

/** True when the page holds no element a payload could have made. */
const injected = (page: Page) =>
  page.evaluate(() => ({
    flag: (window as unknown as { __xss?: string }).__xss,
    elements: document.querySelectorAll(
      '#main script, #main [onerror], #main [onload], #main img[src="x"], #main a[href^="javascript:"]',
    ).length,
  }));

describe('user data is shown as text, never run (Chromium)', () => {
  let server: FetchServer;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const clock = manualClock(Date.UTC(2026, 10, 30), 1000);
    const storage = memoryStorage();
    const tracker = createTracker({ storage, clock, systemTags: false, exitHandler: false, heartbeatMs: 0 });
    await tracker.createExperiment('attacks', { tags: { note: ALL } });
    const runs = [];
    for (const name of [ALL, IMG]) {
      const run = await tracker.startRun({
        experiment: 'attacks',
        name,
        tags: { payload: ALL, [`k${runs.length}`]: IMG },
      });
      await run.logParams({ payload: ALL, other: runs.length ? SCRIPT : IMG });
      run.logMetric('loss', 0.5 + runs.length, { step: 0 });
      run.logMetric('loss', 0.25, { step: 1 });
      await run.logArtifact(`${IMG}.txt`, ALL);
      await run.logArtifact(
        `plots/${SVG}.svg`,
        `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>window.__xss = 'artifact-svg'</script></svg>`,
      );
      await run.logArtifact('table.csv', `a,b\n"${IMG.replace(/"/g, '""')}",${SCRIPT}\n`);
      await run.logArtifact('doc.json', JSON.stringify({ html: ALL }));
      await run.logInput({ dataset: { name: ALL, digest: IMG }, context: SCRIPT });
      await run.end();
      runs.push(run.id);
    }
    ids.run = runs[0]!;
    ids.other = runs[1]!;
    ids.experiment = (await tracker.getExperiment('attacks')).id;
    // names limited by the schemas refuse markup outright: metric keys, tag and param keys, model names
    for (const attempt of [
      () => tracker.startRun({ experiment: 'probe' }).then((run) => run.logMetric(SCRIPT, 1)),
      () => tracker.startRun({ experiment: SCRIPT }),
      () => tracker.startRun({ experiment: 'attacks', tags: { [SCRIPT]: 'x' } }),
    ]) {
      await expect((async () => attempt())()).rejects.toSatisfy((error) =>
        PlinthError.is(error, 'PLINTH_VALIDATION'),
      );
    }

    const registry = createRegistry({ storage, clock, actor: ALL });
    await expect(registry.createModel(SCRIPT)).rejects.toSatisfy((error) =>
      PlinthError.is(error, 'PLINTH_VALIDATION'),
    );
    await registry.createModel('victim', { description: ALL, tags: { html: ALL } });
    await registry.registerVersion('victim', {
      artifact: 'bytes',
      description: ALL,
      tags: { html: IMG },
      params: { html: SCRIPT },
      runId: ids.run,
      datasets: [{ name: ALL, digest: IMG }],
      card: {
        overview: ALL,
        intendedUse: `# ${SCRIPT}\n- ${IMG}`,
        owners: [IMG],
        evaluationMetrics: { [IMG]: 1 },
      },
    });
    await registry.setAlias('victim', 'champion', 1, { reason: ALL });

    const store = profileStore({ storage });
    const reference = { [IMG]: [1, 2, 3, 4, 5, 6], [SCRIPT]: ['a', 'b', 'a', 'b', 'a', 'b'] };
    await store.save('training', createProfile(reference));
    const result = detectDrift(reference, {
      [IMG]: [5, 6, 7, 8, 9, 10],
      [SCRIPT]: ['a', 'a', 'a', 'b', 'b', 'b'],
    });
    server = await serveHandler(
      createUiHandler({
        tracker,
        registry,
        profiles: { store, results: [{ name: ALL, result }] },
        write: true,
      }),
    );
    browser = await launchChromium();
    await mkdir(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs no payload on any page and shows the text literally', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { foreign } = watch(page, server.url.slice(0, -1));
    const visit = async (hash: string, check?: () => Promise<void>) => {
      await openRoute(page, server.url, hash);
      await check?.();
      expect(await injected(page), hash).toEqual({ flag: undefined, elements: 0 });
    };

    await visit('#/', async () => {
      expect(await page.locator('#experiments td').nth(2).textContent()).toBe(`note=${ALL}`);
    });
    await visit(`#/experiments/${ids.experiment}`, async () => {
      await page.waitForSelector('#runs-table tr[data-run]');
      await page.click('#columns-button');
      await page.check(`#column-chooser input[data-column="tag:payload"]`);
      const names = await page.locator('#runs-table tr[data-run] td:nth-child(2)').allTextContents();
      expect(names.sort()).toEqual([ALL, IMG].sort());
      expect(await page.locator('#runs-table td', { hasText: SVG }).count()).toBeGreaterThan(0);
    });
    await visit(`#/runs/${ids.run}`, async () => {
      expect(await page.locator('#run-name').textContent()).toBe(ALL);
      expect(await page.locator('#inputs td').first().textContent()).toBe(ALL);
      await page.click(`#artifacts button[data-path="${IMG.replace(/"/g, '\\"')}.txt"]`);
      await page.waitForSelector('#artifact-view pre');
      expect(await page.locator('#artifact-view pre').textContent()).toBe(ALL);
      await page.click('#artifacts button[data-path="table.csv"]');
      await page.waitForSelector('#artifact-view table');
      expect(await page.locator('#artifact-view tbody td').allTextContents()).toEqual([IMG, SCRIPT]);
      await page.click('#artifacts button[data-path="doc.json"]');
      await page.waitForFunction(() =>
        document.querySelector('#artifact-view pre')?.textContent?.includes('"html"'),
      );
      await page.click(`#artifacts button[data-path="plots/${SVG.replace(/"/g, '\\"')}.svg"]`);
      await page.waitForSelector('#artifact-view img.preview-image');
      await page.screenshot({ path: fileURLToPath(new URL('xss-run.png', OUTPUT)), fullPage: true });
    });
    await visit(`#/compare?runs=${ids.run},${ids.other}`, async () => {
      await page.waitForSelector('#parallel-coordinates');
      expect(await page.locator('#compare-runs li').first().textContent()).toBe(ALL);
    });
    await visit('#/models');
    await visit('#/models/victim', async () => {
      expect(
        await page.locator('#history tbody tr', { hasText: 'alias_set' }).locator('td').last().textContent(),
      ).toBe(ALL);
    });
    await visit('#/models/victim/1', async () => {
      expect(await page.locator('#model-card').textContent()).toContain(SCRIPT);
      expect(await page.locator('#lineage dd').nth(1).textContent()).toContain(ALL);
    });
    await visit('#/drift/0', async () => {
      await page.waitForSelector('#drift-report');
      const frame = page.frameLocator('#drift-report');
      await frame.locator('body').waitFor();
      expect(await page.locator('#drift-results a').textContent()).toBe(ALL);
    });
    // the artifact SVG opened on its own (a link a user could follow) is sandboxed: its script does not run
    await page.goto(
      `${server.url}api/artifact/raw?run=${ids.run}&path=${encodeURIComponent(`plots/${SVG}.svg`)}`,
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(foreign).toEqual([]);
    await context.close();
  });
});
