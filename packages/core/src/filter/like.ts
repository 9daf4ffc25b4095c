/** A compiled LIKE / ILIKE pattern: true when the whole value matches. */
export type LikeMatcher = (value: string) => boolean;

/** One `%`-free piece of a pattern: literal text and `_` (one code point each), in order. */
interface Segment {
  /** The segment's pieces: a string is literal text, a number is a run of that many `_`. */
  parts: Array<string | number>;
  /** Code points the segment consumes. */
  length: number;
  /** The literal text when the segment has no `_`. */
  literal?: string;
  /** Shift-and tables of a segment with `_`, built on first use. */
  table?: ShiftAndTable;
}

interface ShiftAndTable {
  /** Bits set where the segment has `_`: the mask of a character the segment does not mention. */
  wildcard: Uint32Array;
  /** Per character of the segment: the positions it (or `_`) may take. */
  masks: Map<string, Uint32Array>;
  words: number;
  lastWord: number;
  lastBit: number;
}

const NON_ASCII = /[^ -~\t\n\r]/;

function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/** UTF-16 length of the code point starting at `index`. */
function stepAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/** UTF-16 length of the code point ending just before `index`. */
function stepBefore(text: string, index: number): number {
  const unit = text.charCodeAt(index - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && index >= 2) {
    const previous = text.charCodeAt(index - 2);
    if (previous >= 0xd800 && previous <= 0xdbff) return 2;
  }
  return 1;
}

/** True when `index` does not split a surrogate pair. */
function isBoundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  const unit = text.charCodeAt(index);
  return !(unit >= 0xdc00 && unit <= 0xdfff && stepBefore(text, index) === 2);
}

/**
 * Folds case for ILIKE: each code point becomes its Unicode default lower case (`toLowerCase`, no locale)
 * when that is a single code point, and stays as it is otherwise (`İ`), so folding never changes how many
 * code points a string has and `_` still stands for one code point of the original.
 *
 * @example
 * ```ts
 * foldCase('ÉCOLE Σ'); // 'école σ'
 * ```
 */
export function foldCase(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let folded = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    folded += lower.length === char.length || codePointLength(lower) === 1 ? lower : char;
  }
  return folded;
}

function segmentOf(piece: string): Segment {
  if (!piece.includes('_')) return { parts: [piece], length: codePointLength(piece), literal: piece };
  const parts: Array<string | number> = [];
  let length = 0;
  for (const [index, text] of piece.split('_').entries()) {
    if (index > 0) {
      const last = parts[parts.length - 1];
      if (typeof last === 'number') parts[parts.length - 1] = last + 1;
      else parts.push(1);
      length += 1;
    }
    if (text !== '') {
      parts.push(text);
      length += codePointLength(text);
    }
  }
  return { parts, length };
}

/** The `%`-separated pieces of a pattern; empty pieces between two `%` are dropped (they match nothing). */
function splitPattern(pattern: string): Segment[] {
  const pieces = pattern.split('%');
  return pieces
    .filter((piece, index) => piece !== '' || index === 0 || index === pieces.length - 1)
    .map(segmentOf);
}

/** Matches `segment` at `start`; returns the index after it, or -1. */
function matchForward(value: string, segment: Segment, start: number): number {
  let index = start;
  for (const part of segment.parts) {
    if (typeof part === 'string') {
      if (!value.startsWith(part, index)) return -1;
      index += part.length;
    } else {
      for (let count = 0; count < part; count++) {
        if (index >= value.length) return -1;
        index += stepAt(value, index);
      }
    }
  }
  return isBoundary(value, index) ? index : -1;
}

/** Matches `segment` so that it ends at `end`; returns its start index, or -1. */
function matchBackward(value: string, segment: Segment, end: number, floor: number): number {
  let index = end;
  for (let partIndex = segment.parts.length - 1; partIndex >= 0; partIndex--) {
    const part = segment.parts[partIndex]!;
    if (typeof part === 'string') {
      if (index - part.length < floor || !value.startsWith(part, index - part.length)) return -1;
      index -= part.length;
    } else {
      for (let count = 0; count < part; count++) {
        if (index <= floor) return -1;
        index -= stepBefore(value, index);
      }
    }
  }
  return isBoundary(value, index) ? index : -1;
}

function shiftAndTable(segment: Segment): ShiftAndTable {
  const units: Array<string | undefined> = [];
  for (const part of segment.parts) {
    if (typeof part === 'number') for (let count = 0; count < part; count++) units.push(undefined);
    else for (const char of part) units.push(char);
  }
  const words = Math.ceil(units.length / 32);
  const wildcard = new Uint32Array(words);
  units.forEach((char, position) => {
    if (char === undefined) wildcard[position >>> 5]! |= 1 << (position & 31);
  });
  const masks = new Map<string, Uint32Array>();
  units.forEach((char, position) => {
    if (char === undefined) return;
    let mask = masks.get(char);
    if (!mask) {
      mask = wildcard.slice();
      masks.set(char, mask);
    }
    mask[position >>> 5]! |= 1 << (position & 31);
  });
  const last = units.length - 1;
  return { wildcard, masks, words, lastWord: last >>> 5, lastBit: 1 << (last & 31) };
}

/**
 * Finds the leftmost match of `segment` starting at or after `from`; returns the index after it, or -1.
 * Literal segments use `indexOf`; segments with `_` run a bit-parallel (shift-and) scan, time
 * O(value × ⌈segment / 32⌉), never backtracking.
 */
function findSegment(value: string, segment: Segment, from: number): number {
  if (segment.length === 0) return from;
  if (segment.literal !== undefined) {
    let at = value.indexOf(segment.literal, from);
    while (at !== -1 && !isBoundary(value, at)) at = value.indexOf(segment.literal, at + 1);
    return at === -1 ? -1 : at + segment.literal.length;
  }
  segment.table ??= shiftAndTable(segment);
  const { wildcard, masks, words, lastWord, lastBit } = segment.table;
  const state = new Uint32Array(words);
  let index = from;
  while (index < value.length) {
    const step = stepAt(value, index);
    const char = step === 1 ? value[index]! : value.slice(index, index + 2);
    const mask = masks.get(char) ?? wildcard;
    let carry = 1;
    for (let word = 0; word < words; word++) {
      const current = state[word]!;
      state[word] = ((current << 1) | carry) & mask[word]!;
      carry = current >>> 31;
    }
    index += step;
    if ((state[lastWord]! & lastBit) !== 0) return index;
  }
  return -1;
}

/**
 * Compiles a SQL LIKE pattern into a matcher: `%` matches any run of characters (newlines included), `_`
 * exactly one code point (an emoji is one), every other character itself. A backslash is an ordinary
 * character (as on MLflow's default SQLite store): there is no escape character. With `caseInsensitive`
 * (ILIKE) the value and the pattern are compared after {@link foldCase}.
 *
 * Time is linear in the value for each `%`-separated piece of the pattern (O(value × pattern / 32) at
 * worst); nothing backtracks and no regular expression is built, so any pattern is safe on any value.
 *
 * @example
 * ```ts
 * compileLike('ri%')('risk'); // true
 * compileLike('RI_K', true)('risk'); // true
 * ```
 */
export function compileLike(pattern: string, caseInsensitive = false): LikeMatcher {
  const folded = caseInsensitive ? foldCase(pattern) : pattern;
  if (!folded.includes('%') && !folded.includes('_')) {
    return caseInsensitive ? (value) => foldCase(value) === folded : (value) => value === folded;
  }
  let wildcards = 0;
  for (let index = folded.indexOf('%'); index !== -1; index = folded.indexOf('%', index + 1)) wildcards += 1;
  const minimum = codePointLength(folded) - wildcards;
  // Built on the first value long enough to match, so a huge pattern costs nothing against short values.
  let segments: Segment[] | undefined;
  const match = (value: string): boolean => {
    if (value.length < minimum) return false;
    if (value.length < 2 * minimum && codePointLength(value) < minimum) return false;
    segments ??= splitPattern(folded);
    const first = segments[0]!;
    const start = matchForward(value, first, 0);
    if (start === -1) return false;
    if (segments.length === 1) return start === value.length;
    const end = matchBackward(value, segments[segments.length - 1]!, value.length, start);
    if (end === -1) return false;
    let position = start;
    for (let index = 1; index < segments.length - 1; index++) {
      position = findSegment(value, segments[index]!, position);
      if (position === -1 || position > end) return false;
    }
    return true;
  };
  return caseInsensitive ? (value) => match(foldCase(value)) : match;
}
