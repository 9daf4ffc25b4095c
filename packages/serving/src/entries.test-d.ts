import { expectTypeOf, test } from 'vitest';
import type * as browser from './index.browser.ts';
import type * as node from './index.node.ts';
import { createBatcher, loadModel, type Model, type ModelSource } from './index.node.ts';

test('the node and browser entries expose the same surface', () => {
  expectTypeOf<typeof node>().toEqualTypeOf<typeof browser>();
});

test('loadModel takes one of the three sources; a batcher is a Model', () => {
  expectTypeOf(loadModel).parameter(0).toEqualTypeOf<ModelSource>();
  // @ts-expect-error a bare string is not a source
  void loadModel('models:/fraud@champion');
  // @ts-expect-error a registry uri must be a model URI
  void loadModel({ registry: {} as never, uri: 'model:/fraud@x' });
  expectTypeOf(createBatcher({} as Model)).toMatchTypeOf<Model>();
});
