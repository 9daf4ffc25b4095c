import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { browserPlatform } from '../internal/platform.browser.ts';
import { nodePlatform } from '../internal/platform.node.ts';
import { createSha256 } from './sha256.ts';

const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function pseudoRandom(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('createSha256 (TypeScript SHA-256)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    const abc = createSha256();
    abc.update(new TextEncoder().encode('abc'));
    expect(abc.digest()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const empty = createSha256();
    expect(empty.digest()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches node:crypto for sizes around block boundaries, fed in uneven chunks', () => {
    for (const size of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537, 1_000_003]) {
      const bytes = pseudoRandom(size, size + 7);
      const hasher = createSha256();
      let offset = 0;
      let step = 1;
      while (offset < size) {
        hasher.update(bytes.subarray(offset, offset + step));
        offset += step;
        step = (step * 7 + 3) % 997 || 1;
      }
      expect(hasher.digest(), `size ${size}`).toBe(reference(bytes));
    }
  });

  it('refuses updates after digest', () => {
    const hasher = createSha256();
    hasher.digest();
    expect(() => hasher.update(new Uint8Array(1))).toThrow(/after digest/);
  });
});

describe('platform hashing', () => {
  it('node and browser platforms agree with node:crypto, whole and streamed', async () => {
    const bytes = pseudoRandom(300_001, 42);
    const expected = reference(bytes);
    for (const platform of [nodePlatform, browserPlatform]) {
      expect(await platform.sha256(bytes)).toBe(expected);
      const hasher = platform.createHasher();
      hasher.update(bytes.subarray(0, 12_345));
      hasher.update(bytes.subarray(12_345));
      expect(hasher.digest()).toBe(expected);
    }
  });
});
