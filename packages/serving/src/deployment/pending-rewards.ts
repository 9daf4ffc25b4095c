// Request ids, and the answered requests a reward can still name: O(1) per request, no hashing, no garbage.
import { uuidv7 } from '@plinth/core';

/** Issues request ids and remembers which route answered the latest `capacity` of them. */
export interface PendingRewards<T> {
  /** A new request's sequence number; `idOf` makes its id. */
  issue(): number;
  /** `019a4f3e-…-8a1d2c3b4e5f.56`: the deployment's UUIDv7, `.`, the sequence number in decimal. */
  idOf(sequence: number): string;
  /** Records the route that answered request `sequence`. */
  add(sequence: number, value: T): void;
  /** The route that answered `requestId`, while it is among the latest `capacity` requests and not taken. */
  get(requestId: string): T | undefined;
  /** Forgets `requestId` (after its reward). */
  delete(requestId: string): void;
}

/**
 * Request ids of one deployment are one UUIDv7 made at creation plus a sequence number: unique across
 * deployments and processes like a UUID per request, but cheap (a UUIDv7 draws 16 random bytes, and
 * `crypto.getRandomValues` costs 7–12 µs per call on a loaded VM, as much as a one-row `session.run`).
 * Answers are kept in a ring indexed by sequence number (grown on demand, so a large capacity costs nothing
 * until used): a request `capacity` or more requests old is forgotten.
 */
export function pendingRewards<T>(capacity: number): PendingRewards<T> {
  const prefix = `${uuidv7()}.`;
  const values: (T | undefined)[] = [];
  const sequences: number[] = [];
  let issued = 0;
  const find = (requestId: string): number => {
    if (requestId.length <= prefix.length || !requestId.startsWith(prefix)) return -1;
    const digits = requestId.slice(prefix.length);
    const sequence = Number(digits);
    if (!(sequence >= 0 && sequence < issued) || String(sequence) !== digits) return -1;
    const slot = sequence % capacity;
    return sequences[slot] === sequence ? slot : -1;
  };
  return {
    issue: () => issued++,
    // decimal: V8 converts small integers to strings from a cache; base 36 took a slow generic path per request
    idOf: (sequence) => prefix + sequence,
    add(sequence, value) {
      const slot = sequence % capacity;
      // a slot is reused only by a later request; an answer that comes back later than that is not kept
      if (slot < sequences.length && sequences[slot]! > sequence) return;
      while (sequences.length <= slot) {
        sequences.push(-1);
        values.push(undefined);
      }
      sequences[slot] = sequence;
      values[slot] = value;
    },
    get(requestId) {
      const slot = find(requestId);
      return slot === -1 ? undefined : values[slot];
    },
    delete(requestId) {
      const slot = find(requestId);
      if (slot !== -1) {
        sequences[slot] = -1;
        values[slot] = undefined;
      }
    },
  };
}
