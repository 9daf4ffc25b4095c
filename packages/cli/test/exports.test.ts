import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.browser.ts';
import * as node from '../src/index.node.ts';

// The public surface: a change to what an entry exports shows here as a diff.
describe('export names of @plinth/cli', () => {
  it('node and browser entries export the same names', () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(browser).sort());
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "EXIT_CODES",
        "run",
      ]
    `);
  });

  it('the browser entry refuses to run the command', async () => {
    await expect(browser.run(['--version'])).rejects.toMatchObject({ code: 'PLINTH_UNSUPPORTED_RUNTIME' });
  });
});
