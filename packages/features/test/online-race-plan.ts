// The writes of the cross-process race in online-race.test.ts, shared by the test (expected values) and the
// child processes (what they write): `rounds` batches per writer, every entity in each, random timestamps.

/** Entities written by each batch. */
export const RACE_ENTITIES = 300;

/** The event timestamp writer `writer` gives entity `entity` in round `round` (a fixed pseudo-random draw). */
export function raceTimestamp(writer: number, round: number, entity: number): number {
  let x =
    Math.imul(writer + 1, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b) ^ Math.imul(entity + 1, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  // even for writer 0, odd for writer 1: two writers never tie
  return (((x ^ (x >>> 16)) >>> 0) % 1_000_000) * 2 + writer;
}
