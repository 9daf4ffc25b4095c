import type { OnlineValue } from '../port.ts';
import { decodeValue, numberOf } from './values.ts';

const QUOTE = 34; // "
const COLON = 58; // :
const COMMA = 44; // ,
const OPEN = 123; // {
const CLOSE = 125; // }

/**
 * The value of a tagged field whose text is `text[start, end)` (see `encodeValue`), read in place.
 * @throws {Error} on an unknown tag.
 */
function taggedValue(text: string, start: number, end: number): OnlineValue {
  switch (text.charCodeAt(start)) {
    case 110: // n
      return numberOf(text.slice(start + 1, end));
    case 115: // s
      return text.slice(start + 1, end);
    case 105: // i
      return BigInt(text.slice(start + 1, end));
    case 116: // t
      return true;
    case 102: // f
      return false;
    case 122: // z
      return null;
    default:
      throw new Error(`unknown value tag in ${JSON.stringify(text.slice(start, start + 20))}`);
  }
}

const malformed = () => new Error('not a JSON object of tagged strings');

/** Reads the features of one stored row into row `row` of `values` (one column per requested feature). */
export type RowReader = (text: string, bodyStart: number, values: OnlineValue[][], row: number) => void;

/**
 * A reader of the JSON object at the end of a stored row (`{"name":"<tag><text>",…}`) that fills only the
 * requested `features`, without building the object. Rows as the store writes them (no backslash, no space)
 * are scanned in place: every `"` is a delimiter, and the names are expected in `viewFeatures` order, which is
 * checked with one comparison per field (any order still reads, through a name lookup). Any other spelling (an
 * escaped name or string value, Lua's `\/`, spaces) goes through `JSON.parse`, so the answer is JSON's.
 *
 * @throws {Error} from the reader on a row this store did not write (the caller wraps it in `PLINTH_STORAGE`).
 */
export function rowReader(features: readonly string[], viewFeatures: readonly string[]): RowReader {
  const slotOf = new Map<string, number>(features.map((name, slot) => [name, slot]));
  /** `"name":"` for each view feature in order, and the requested slot it fills (-1: not requested). */
  const expected = viewFeatures.map((name) => `${JSON.stringify(name)}:"`);
  const expectedSlot = viewFeatures.map((name) => slotOf.get(name) ?? -1);

  const parsed: RowReader = (text, bodyStart, values, row) => {
    const object = JSON.parse(text.slice(bodyStart)) as unknown;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) throw malformed();
    for (let slot = 0; slot < features.length; slot++) {
      const name = features[slot]!;
      if (Object.hasOwn(object, name))
        values[slot]![row] = decodeValue((object as Record<string, unknown>)[name]);
    }
  };

  /** The in-place scan; false (and the row's slots cleared) when the row is not spelled as the store writes. */
  const scanned = (text: string, bodyStart: number, values: OnlineValue[][], row: number): boolean => {
    if (text.charCodeAt(bodyStart) !== OPEN) return false;
    let at = bodyStart + 1;
    if (text.charCodeAt(at) === CLOSE) return at + 1 === text.length;
    for (let field = 0; ; field++) {
      let slot: number;
      let valueStart: number;
      const guess = expected[field];
      if (guess !== undefined && text.startsWith(guess, at)) {
        slot = expectedSlot[field]!;
        valueStart = at + guess.length;
      } else {
        const nameEnd = text.indexOf('"', at + 1);
        if (
          text.charCodeAt(at) !== QUOTE ||
          nameEnd < 0 ||
          text.charCodeAt(nameEnd + 1) !== COLON ||
          text.charCodeAt(nameEnd + 2) !== QUOTE
        )
          break;
        slot = slotOf.get(text.slice(at + 1, nameEnd)) ?? -1;
        valueStart = nameEnd + 3;
      }
      const valueEnd = text.indexOf('"', valueStart);
      if (valueEnd < 0) break;
      if (slot >= 0) values[slot]![row] = taggedValue(text, valueStart, valueEnd);
      const next = text.charCodeAt(valueEnd + 1);
      if (next === CLOSE && valueEnd + 2 === text.length) return true;
      if (next !== COMMA) break;
      at = valueEnd + 2;
    }
    for (let slot = 0; slot < features.length; slot++) values[slot]![row] = null;
    return false;
  };

  return (text, bodyStart, values, row) => {
    if (text.indexOf('\\', bodyStart) >= 0 || !scanned(text, bodyStart, values, row))
      parsed(text, bodyStart, values, row);
  };
}
