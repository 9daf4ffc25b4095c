import type { OnlineValue } from '../port.ts';
import { decodeValue, numberIn } from './values.ts';

const QUOTE = 34; // "
const COMMA = 44; // ,
const OPEN = 91; // [
const CLOSE = 93; // ]

/**
 * The value of a tagged field whose text is `text[start, end)` (see `encodeValue`), read in place.
 * @throws {Error} on an unknown tag.
 */
function taggedValue(text: string, start: number, end: number): OnlineValue {
  switch (text.charCodeAt(start)) {
    case 110: // n
      return numberIn(text, start + 1, end);
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

const malformed = () => new Error('not a JSON array of tagged strings');

/** Reads the features of one stored row into row `row` of `values` (one column per requested feature). */
export type RowReader = (text: string, bodyStart: number, values: OnlineValue[][], row: number) => void;

/**
 * A reader of the JSON array at the end of a stored row (`["<tag><text>",…]`, the values of the bucket's
 * `names` in order) that fills only the requested `features`, without building the array. Rows as the store
 * writes them (no backslash, no space) are scanned in place: every `"` is a delimiter. Any other spelling (an
 * escaped string value, Lua's `\/`, spaces) goes through `JSON.parse`, so the answer is JSON's. A value past the
 * end of a shorter array is left unset (the feature is absent from that row).
 *
 * @throws {Error} from the reader on a row this store did not write (the caller wraps it in `PLINTH_STORAGE`).
 */
export function rowReader(features: readonly string[], names: readonly string[]): RowReader {
  const slotOf = new Map<string, number>(features.map((name, slot) => [name, slot]));
  /** The requested slot each position fills (-1: not requested). */
  const slots = names.map((name) => slotOf.get(name) ?? -1);

  const parsed: RowReader = (text, bodyStart, values, row) => {
    const list = JSON.parse(text.slice(bodyStart)) as unknown;
    if (!Array.isArray(list) || list.length > slots.length) throw malformed();
    for (let at = 0; at < list.length; at++) {
      const slot = slots[at]!;
      if (slot >= 0) values[slot]![row] = decodeValue(list[at]);
      else decodeValue(list[at]); // still checked
    }
  };

  /** The in-place scan; false (and the row's slots cleared) when the row is not spelled as the store writes. */
  const scanned = (text: string, bodyStart: number, values: OnlineValue[][], row: number): boolean => {
    if (text.charCodeAt(bodyStart) !== OPEN) return false;
    let at = bodyStart + 1;
    if (text.charCodeAt(at) === CLOSE) return at + 1 === text.length;
    for (let position = 0; position < slots.length; position++) {
      if (text.charCodeAt(at) !== QUOTE) break;
      const valueEnd = text.indexOf('"', at + 1);
      if (valueEnd < 0) break;
      const slot = slots[position]!;
      if (slot >= 0) values[slot]![row] = taggedValue(text, at + 1, valueEnd);
      const next = text.charCodeAt(valueEnd + 1);
      if (next === CLOSE && valueEnd + 2 === text.length) return true;
      if (next !== COMMA) break;
      at = valueEnd + 2;
    }
    for (let slot = 0; slot < features.length; slot++)
      values[slot]![row] = undefined as unknown as OnlineValue;
    return false;
  };

  return (text, bodyStart, values, row) => {
    if (text.indexOf('\\', bodyStart) >= 0 || !scanned(text, bodyStart, values, row))
      parsed(text, bodyStart, values, row);
  };
}
