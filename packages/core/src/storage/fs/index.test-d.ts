import { expectTypeOf, test } from 'vitest';
import type * as browserEntry from './index.browser.ts';
import type * as nodeEntry from './index.node.ts';

test('the browser entry exposes the same surface as the node entry', () => {
  expectTypeOf<keyof typeof browserEntry>().toEqualTypeOf<keyof typeof nodeEntry>();
  expectTypeOf<typeof browserEntry.fsStorage>().toEqualTypeOf<typeof nodeEntry.fsStorage>();
  expectTypeOf<browserEntry.FsStorageOptions>().toEqualTypeOf<nodeEntry.FsStorageOptions>();
  expectTypeOf<nodeEntry.FsStorageOptions>().toHaveProperty('dir').toEqualTypeOf<string>();
});
