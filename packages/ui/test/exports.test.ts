import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.browser.ts';
import * as node from '../src/index.node.ts';

// The public surface: a change to what an entry exports shows here as a diff.
describe('export names of each entry', () => {
  it('@plinth/ui (node and browser alike)', () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(browser).sort());
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "createUiHandler",
        "exportStaticUi",
      ]
    `);
  });
});
