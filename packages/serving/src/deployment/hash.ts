// Sticky routing: a key's position in [0, 1), the same in every process and runtime.

const encoder = /* @__PURE__ */ new TextEncoder();

/** FNV-1a (32 bit) of the key's UTF-8 bytes, finished with murmur3's fmix32 so nearby keys spread out. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The key's bucket position in [0, 1): `hashKey(key) / 2³²`. */
export function keyPosition(key: string): number {
  return hashKey(key) / 4_294_967_296;
}

/** Index of the entry a position in [0, 1) falls on, by cumulative weights; -1 when every weight is 0. */
export function pickByWeight(weights: readonly number[], position: number): number {
  let total = 0;
  for (let index = 0; index < weights.length; index++) total += weights[index]!;
  if (!(total > 0)) return -1;
  let target = position * total;
  let last = -1;
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index]!;
    if (weight <= 0) continue;
    last = index;
    if (target < weight) return index;
    target -= weight;
  }
  return last;
}
