// Drives the built page in Chromium: the first load pulls the model from the static registry export (and caches
// it in IndexedDB), predicts with onnxruntime-web like the TypeScript forward pass; then the server is stopped
// and the page reloaded: it still loads (service worker) and predicts with the model from IndexedDB.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, MODEL } from './site.ts';
import { startStaticServer } from './static-server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-browser-inference-'));
let outDir: string;
let browser: Browser;

beforeAll(async () => {
  ({ outDir } = await buildSite(path.join(dir, 'browser-inference')));
  browser = await chromium.launch({
    executablePath: process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium',
    args: (process.env.PLINTH_CHROMIUM_ARGS ?? '--no-sandbox --disable-gpu').split(' '),
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const expected = (amount: number, velocity: number) =>
  1 / (1 + Math.exp(-(MODEL.bias + MODEL.weights[0]! * amount + MODEL.weights[1]! * velocity)));

describe('examples/browser-inference in Chromium', () => {
  it('predicts online, then again after a reload with the server gone', async () => {
    const server = await startStaticServer(outDir);
    const context = await browser.newContext();
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) external.push(request.url());
    });
    const score = (amount: number, velocity: number) =>
      page.evaluate(
        ([a, v]) =>
          (globalThis as unknown as { plinthScore(a: number, v: number): Promise<number> }).plinthScore(a, v),
        [amount, velocity] as const,
      );

    await page.goto(server.url);
    await page.waitForFunction(() => document.title !== 'Plinth: fraud scores in the browser', undefined, {
      timeout: 120_000,
    });
    expect(await page.textContent('#status')).toMatch(/^models:\/fraud\/1 loaded from network/);
    expect(await page.evaluate(() => ({ ...document.body.dataset }))).toEqual({
      modelSource: 'models:/fraud/1',
      loadedFrom: 'network',
    });
    expect(await score(1.5, 0.3)).toBeCloseTo(expected(1.5, 0.3), 5);
    expect(server.requests.some((request) => request.startsWith('/registry/blobs/sha256/'))).toBe(true);
    expect(server.requests.some((request) => request.endsWith('.wasm'))).toBe(true);
    // The form works too.
    await page.fill('#amount', '-0.5');
    await page.fill('#velocity', '2');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#score')).toBe(expected(-0.5, 2).toFixed(4));

    await server.close();
    await page.reload();
    await page.waitForFunction(() => document.title !== 'Plinth: fraud scores in the browser', undefined, {
      timeout: 120_000,
    });
    expect(await page.evaluate(() => document.body.dataset.loadedFrom)).toBe(
      'IndexedDB (the server is unreachable)',
    );
    expect(await score(2, -1)).toBeCloseTo(expected(2, -1), 5);
    expect(external).toEqual([]);
    await context.close();
  }, 240_000);
});
