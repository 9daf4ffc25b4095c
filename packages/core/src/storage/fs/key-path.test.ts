import { describe, expect, it } from 'vitest';
import { PlinthError } from '../../errors/plinth-error.ts';
import { decodeSegment, encodeSegment, keyLocation } from './key-path.ts';

const component = 'storage:fs';

describe('key segment encoding', () => {
  it('spells segments as worked out by hand', () => {
    expect(encodeSegment('model-1_a')).toBe('model-1_a');
    expect(encodeSegment('Model')).toBe('^model');
    expect(encodeSegment('a.b')).toBe('a%2eb');
    expect(encodeSegment('...')).toBe('%2e%2e%2e');
    expect(encodeSegment('\u00e9')).toBe('%c3%a9');
    expect(encodeSegment('e\u0301')).toBe('e%cc%81');
    expect(encodeSegment('a b:c%')).toBe('a%20b%3ac%25');
    expect(encodeSegment('con')).toBe('%63on');
    expect(encodeSegment('lpt1')).toBe('%6cpt1');
    expect(encodeSegment('CON')).toBe('^c^o^n');
    expect(encodeSegment('😀')).toBe('%f0%9f%98%80');
  });

  it('round-trips and emits only [a-z0-9_%^-]', () => {
    const segments = [
      'Case',
      'case',
      'CASE',
      '模型',
      'ß',
      '😀 emoji',
      '\u00e9',
      'e\u0301',
      'a:b',
      'x~y',
      'nul',
      '^%',
    ];
    for (const segment of segments) {
      const name = encodeSegment(segment);
      expect(name).toMatch(/^[a-z0-9_%^-]+$/);
      expect(decodeSegment(name)).toBe(segment);
    }
    const names = segments.map(encodeSegment);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(segments.length);
    expect(new Set(names.map((name) => name.normalize('NFC'))).size).toBe(segments.length);
  });

  it('rejects names the encoding would not emit', () => {
    for (const name of ['A', '%4A', '%4', '^A', '^', 'con', 'a.v', '.t.x', '%ff', '', 'a%2F']) {
      expect(decodeSegment(name), name).toBeUndefined();
    }
  });

  it('enforces the 255-byte file-name limit after encoding', () => {
    expect(keyLocation(`a/${'x'.repeat(253)}`, component).name.length).toBe(253);
    expect(keyLocation(`${'模'.repeat(28)}/b`, component).directories[0]!.length).toBe(252);
    for (const key of [`a/${'x'.repeat(254)}`, `${'A'.repeat(127)}/b`, `${'模'.repeat(29)}`]) {
      let caught: unknown;
      try {
        keyLocation(key, component);
      } catch (error) {
        caught = error;
      }
      expect(PlinthError.is(caught, 'PLINTH_VALIDATION'), key.slice(0, 20)).toBe(true);
      expect((caught as Error).message).toContain('bytes on disk');
    }
  });
});
