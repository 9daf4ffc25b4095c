import { PlinthError } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { expect, it } from 'vitest';

it('loads in a browser and says to use idbStorage or memoryStorage', () => {
  let caught: unknown;
  try {
    fsStorage({ dir: '/tmp/never' });
  } catch (error) {
    caught = error;
  }
  expect(PlinthError.is(caught, 'PLINTH_UNSUPPORTED_RUNTIME')).toBe(true);
  expect((caught as Error).message).toContain('idbStorage');
  expect((caught as Error).message).toContain('memoryStorage');
  expect(typeof window).toBe('object');
});
