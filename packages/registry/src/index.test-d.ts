import { memoryStorage } from '@plinth/core/memory';
import { expectTypeOf, test } from 'vitest';
import type * as browser from './index.browser.ts';
import type * as node from './index.node.ts';
import {
  createRegistry,
  type ModelVersionRef,
  type RegisterVersionOptions,
  storageBackend,
} from './index.node.ts';

test('the node and browser entries expose the same surface', () => {
  expectTypeOf<typeof node>().toEqualTypeOf<typeof browser>();
});

test('createRegistry takes exactly one of storage or backend', () => {
  // @ts-expect-error neither storage nor backend
  createRegistry({});
  // @ts-expect-error both
  createRegistry({ storage: memoryStorage(), backend: storageBackend({ storage: memoryStorage() }) });
  createRegistry({ storage: memoryStorage() });
  createRegistry({ backend: storageBackend({ storage: memoryStorage() }), actor: 'ci' });
});

test('model references are models:/ URIs or reference objects', () => {
  // @ts-expect-error a typo in the scheme
  const typo: ModelVersionRef = 'model:/m@x';
  // @ts-expect-error a bare name
  const bare: ModelVersionRef = 'fraud';
  const name: string = 'fraud';
  const good: ModelVersionRef[] = [
    'models:/m@x',
    'models:/m/3',
    'models:/m/latest',
    `models:/${name}@champion`,
    { name: 'm', version: 3 },
    { name: 'm', alias: 'champion' },
  ];
  expectTypeOf([typo, bare, ...good]).toEqualTypeOf<ModelVersionRef[]>();
});

test('artifact arguments: content or { path }, never a bare number', () => {
  const options: RegisterVersionOptions[] = [
    { artifact: 'text content' },
    { artifact: new Uint8Array(1) },
    { artifact: { path: 'model.onnx' } },
  ];
  // @ts-expect-error a number is not an artifact
  options.push({ artifact: 42 });
});
