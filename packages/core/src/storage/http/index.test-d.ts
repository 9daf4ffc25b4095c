import { expectTypeOf, test } from 'vitest';
import type * as browser from './index.browser.ts';
import type * as node from './index.node.ts';

test('the Node and browser entries of @plinth/core/http expose the same surface', () => {
  expectTypeOf<keyof typeof node>().toEqualTypeOf<keyof typeof browser>();
  expectTypeOf<typeof node.httpStorage>().toEqualTypeOf<typeof browser.httpStorage>();
  expectTypeOf<typeof node.writeStaticIndex>().toEqualTypeOf<typeof browser.writeStaticIndex>();
  expectTypeOf<typeof node.StaticIndexSchema>().toEqualTypeOf<typeof browser.StaticIndexSchema>();
  expectTypeOf<node.HttpStorageOptions>().toEqualTypeOf<browser.HttpStorageOptions>();
  expectTypeOf<node.HttpFetch>().toEqualTypeOf<browser.HttpFetch>();
});

test('the global fetch can be injected as the fetch option', () => {
  expectTypeOf(globalThis.fetch).toExtend<node.HttpFetch>();
});
