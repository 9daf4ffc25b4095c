import { describe, expect, it } from 'vitest';
import type { OnlineReadRequest } from './port.ts';
import { checkReadRequest } from './validate.ts';

const invalid = expect.objectContaining({ code: 'PLINTH_VALIDATION' });

describe('checkReadRequest', () => {
  it('checks a view that can change again on every call', () => {
    const features = ['rate', 'trips'];
    const view = { name: 'drivers', joinKeys: ['id'], features };
    const request: OnlineReadRequest = { view, features: ['rate'], keys: [[1]] };
    expect(() => checkReadRequest(request)).not.toThrow();
    features[0] = 'bad\u0000name';
    expect(() => checkReadRequest(request)).toThrow(invalid);
  });

  it('checks the names of a frozen view once, and the keys of every request', () => {
    const view = Object.freeze({
      name: 'drivers',
      joinKeys: Object.freeze(['id']),
      features: Object.freeze(['rate', 'trips']),
    });
    const features = Object.freeze(['trips']);
    expect(() => checkReadRequest({ view, features, keys: [[1], [2n], ['x']] })).not.toThrow();
    expect(() => checkReadRequest({ view, features, keys: [[1]] })).not.toThrow();
    expect(() => checkReadRequest({ view, features, keys: [[Number.NaN]] })).toThrow(invalid);
    expect(() => checkReadRequest({ view, features, keys: [[1, 2]] })).toThrow(invalid);
    expect(() => checkReadRequest({ view, features: Object.freeze(['speed']), keys: [[1]] })).toThrow(
      invalid,
    );
    expect(() => checkReadRequest({ view, features: ['trips', 'trips'], keys: [[1]] })).toThrow(invalid);
  });

  it('refuses a frozen view with bad names every time', () => {
    const view = Object.freeze({ name: '', joinKeys: Object.freeze(['id']), features: Object.freeze(['a']) });
    const features = Object.freeze(['a']);
    for (let i = 0; i < 2; i++)
      expect(() => checkReadRequest({ view, features, keys: [[1]] })).toThrow(invalid);
  });
});
