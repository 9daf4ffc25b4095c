import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import type { ModelVersionRef } from './uri.ts';
import { formatModelUri, parseModelUri } from './uri.ts';

describe('parseModelUri', () => {
  it('parses the three URI forms and reference objects', () => {
    expect(parseModelUri('models:/fraud/3')).toEqual({ name: 'fraud', version: 3 });
    expect(parseModelUri('models:/fraud@champion')).toEqual({ name: 'fraud', alias: 'champion' });
    expect(parseModelUri('models:/fraud/latest')).toEqual({ name: 'fraud', latest: true });
    expect(parseModelUri('models:/fraud%20v2/1')).toEqual({ name: 'fraud v2', version: 1 });
    expect(parseModelUri({ name: 'fraud', version: 7 })).toEqual({ name: 'fraud', version: 7 });
    expect(parseModelUri({ name: 'fraud', version: 'latest' })).toEqual({ name: 'fraud', latest: true });
    expect(parseModelUri({ name: 'fraud', alias: 'champion' })).toEqual({ name: 'fraud', alias: 'champion' });
  });

  it('round-trips through formatModelUri', () => {
    for (const uri of ['models:/fraud/12', 'models:/fraud@challenger', 'models:/fraud/latest']) {
      expect(formatModelUri(parseModelUri(uri as ModelVersionRef))).toBe(uri);
    }
  });

  it.each([
    'fraud/3',
    'models:fraud/3',
    'models:/fraud',
    'models:/fraud/0',
    'models:/fraud/-1',
    'models:/fraud/3.5',
    'models:/fraud/3/extra',
    'models:/fraud@',
    'models:/../3',
    'models:/fraud@a@b',
    'models:/%E0%A4%A/1',
    '',
  ])('rejects %j with PLINTH_VALIDATION listing the accepted forms', (uri) => {
    let caught: unknown;
    try {
      parseModelUri(uri as ModelVersionRef);
    } catch (error) {
      caught = error;
    }
    expect(PlinthError.is(caught, 'PLINTH_VALIDATION')).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain('models:/<name>/<version>');
    expect(message).toContain('models:/<name>@<alias>');
    expect(message).toContain('models:/<name>/latest');
  });

  it('rejects malformed reference objects', () => {
    expect(() => parseModelUri({ name: 'fraud', version: 0 })).toThrow(/accepted|models:\//);
    expect(() => parseModelUri({ name: '', version: 1 })).toThrow(/invalid model reference/);
    expect(() => parseModelUri({ name: 'fraud', version: 1.5 })).toThrow(/positive integer/);
  });
});
