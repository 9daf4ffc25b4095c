import { type Browser, chromium, type Page } from 'playwright-core';

/** Launches the Chromium the repository's browser tests use (PLINTH_CHROMIUM, PLINTH_CHROMIUM_ARGS). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium',
    args: (process.env.PLINTH_CHROMIUM_ARGS ?? '--no-sandbox --disable-gpu').split(' '),
  });
}

/** Where screenshots go: packages/ui/test-output/ (gitignored). */
export const OUTPUT = new URL('../test-output/', import.meta.url);

/** Navigates to a hash route and waits until the page says it has rendered it. */
export async function openRoute(page: Page, base: string, hash: string): Promise<void> {
  await page
    .evaluate(() => document.getElementById('main')?.removeAttribute('data-ready'))
    .catch(() => undefined);
  await page.goto(`${base}${hash}`);
  await page.waitForSelector('#main[data-ready="true"]');
}

/** Collects console messages and requests of a page (CSP violations show up as console errors). */
export function watch(page: Page, origin: string) {
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('about:')) foreign.push(url);
  });
  return { problems, foreign };
}
