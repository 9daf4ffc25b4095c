import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { isUuidv7, uuidv7, uuidv7Time } from './ids.ts';

describe('uuidv7', () => {
  it('has the RFC 9562 layout and encodes the clock time', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const id = uuidv7(manualClock(at + 1_000_000));
    expect(isUuidv7(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(uuidv7Time(id)).toBe(at + 1_000_000);
  });

  it('sorts in creation order, even within one millisecond, and never repeats', () => {
    const clock = manualClock(Date.UTC(2030, 0, 1));
    const ids = Array.from({ length: 10_000 }, () => uuidv7(clock));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = uuidv7(manualClock(Date.UTC(2030, 0, 2)));
    expect(later > ids.at(-1)!).toBe(true);
  });
});
