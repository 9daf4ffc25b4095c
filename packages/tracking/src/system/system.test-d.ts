import { expectTypeOf, test } from 'vitest';
import type * as browser from './index.browser.ts';
import type * as node from './index.node.ts';

test('node and browser system modules expose the same surface', () => {
  expectTypeOf<typeof node>().toEqualTypeOf<typeof browser>();
});
