import { trackingError } from '../errors.ts';

/** A lexical token of a filter or order-by string, with its position (0-based character offset). */
export interface Token {
  kind: 'word' | 'quoted' | 'number' | 'operator' | 'lparen' | 'rparen' | 'comma' | 'dot';
  /** The token's value: the word, the unquoted text, the number's source, the operator. */
  text: string;
  /** Quote character of a quoted token: `'`, `"` or `` ` ``. */
  quote?: string;
  /** Offset of the token's first character in the input. */
  position: number;
  /** The token as written (quotes included), for messages. */
  raw: string;
}

/** A `PLINTH_VALIDATION` error pointing at a token of a filter or order-by string. */
export function syntaxError(subject: string, input: string, position: number, raw: string, problem: string) {
  const shown = raw === '' ? 'end of input' : `"${raw}"`;
  return trackingError(
    'PLINTH_VALIDATION',
    `invalid ${subject} at position ${position} (${shown}): ${problem}; input was ${JSON.stringify(input)}`,
    { position, token: raw, issues: [{ path: subject, message: `${problem} at position ${position}` }] },
  );
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[\w\-:/]/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

/**
 * Splits a filter or order-by string into tokens.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` at an unterminated quote or a character that starts no token.
 */
export function tokenize(input: string, subject: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (char === "'" || char === '"' || char === '`') {
      let text = '';
      index += 1;
      let closed = false;
      while (index < input.length) {
        const next = input[index]!;
        if (next === '\\' && index + 1 < input.length) {
          text += input[index + 1];
          index += 2;
          continue;
        }
        if (next === char) {
          if (input[index + 1] === char) {
            text += char;
            index += 2;
            continue;
          }
          closed = true;
          index += 1;
          break;
        }
        text += next;
        index += 1;
      }
      if (!closed) throw syntaxError(subject, input, start, input.slice(start), `unterminated ${char} quote`);
      tokens.push({ kind: 'quoted', text, quote: char, position: start, raw: input.slice(start, index) });
      continue;
    }
    const previous = tokens[tokens.length - 1];
    const numberAllowed =
      !previous || previous.kind === 'operator' || previous.kind === 'lparen' || previous.kind === 'comma';
    const number = numberAllowed ? NUMBER.exec(input.slice(index)) : null;
    if (number && /[\d.+-]/.test(char)) {
      index += number[0].length;
      tokens.push({ kind: 'number', text: number[0], position: start, raw: number[0] });
      continue;
    }
    const operator = OPERATORS.find((candidate) => input.startsWith(candidate, index));
    if (operator) {
      index += operator.length;
      tokens.push({
        kind: 'operator',
        text: operator === '<>' ? '!=' : operator,
        position: start,
        raw: operator,
      });
      continue;
    }
    if (char === '(' || char === ')' || char === ',' || char === '.') {
      index += 1;
      const kind = char === '(' ? 'lparen' : char === ')' ? 'rparen' : char === ',' ? 'comma' : 'dot';
      tokens.push({ kind, text: char, position: start, raw: char });
      continue;
    }
    if (WORD_START.test(char) || /\d/.test(char)) {
      index += 1;
      while (index < input.length && WORD_PART.test(input[index]!)) index += 1;
      const text = input.slice(start, index);
      tokens.push({ kind: 'word', text, position: start, raw: text });
      continue;
    }
    throw syntaxError(subject, input, start, char, 'unexpected character');
  }
  return tokens;
}
