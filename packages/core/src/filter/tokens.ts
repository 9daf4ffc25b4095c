import { componentErrors } from '../errors/component-errors.ts';
import type { PlinthError } from '../errors/plinth-error.ts';

/** A lexical token of a filter or order-by string, with its position (0-based UTF-16 offset). */
export interface FilterToken {
  /** `string`: a `'…'` or `"…"` value; `identifier`: a `` `…` `` name; `word`: a bare word. */
  kind: 'word' | 'string' | 'identifier' | 'number' | 'operator' | 'lparen' | 'rparen' | 'comma' | 'dot';
  /** The token's value: the word, the unquoted text, the number's source, the operator. */
  text: string;
  /** Offset of the token's first character in the input. */
  position: number;
  /** The token as written (quotes included), for messages. */
  raw: string;
}

const SHOWN_INPUT = 200;

/**
 * A `PLINTH_VALIDATION` error pointing at a token of a filter or order-by string: the message gives the
 * position, the token and the problem; `details` carries `position`, `token` and `issues`.
 */
export function filterSyntaxError(
  component: string,
  subject: string,
  input: string,
  position: number,
  raw: string,
  problem: string,
): PlinthError<'PLINTH_VALIDATION'> {
  const token = raw.length > SHOWN_INPUT ? `${raw.slice(0, SHOWN_INPUT)}…` : raw;
  const shown = token === '' ? 'end of input' : `"${token}"`;
  const echo =
    input.length > SHOWN_INPUT ? `${JSON.stringify(input.slice(0, SHOWN_INPUT))}…` : JSON.stringify(input);
  return componentErrors(component).error(
    'PLINTH_VALIDATION',
    `invalid ${subject} at position ${position} (${shown}): ${problem}; input was ${echo}`,
    {
      details: {
        position,
        token,
        issues: [{ path: subject, message: `${problem} at position ${position}` }],
      },
    },
  );
}

const WORD_START = /[A-Za-z_\d]/;
const WORD_PART = /[\w\-:/]/;
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /\s/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'] as const;
const PUNCTUATION = new Map<string, FilterToken['kind']>([
  ['(', 'lparen'],
  [')', 'rparen'],
  [',', 'comma'],
  ['.', 'dot'],
]);

/**
 * Splits a filter or order-by string into tokens, in one pass. Quoted text (`'…'`, `"…"`, `` `…` ``) has no
 * escape character: a backslash is itself, and a quote is written by doubling it (`'it''s'`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` at an unterminated quote or a character that starts no token.
 */
export function tokenize(input: string, component: string, subject: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index]!;
    if (SPACE.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (char === "'" || char === '"' || char === '`') {
      const pieces: string[] = [];
      let closed = false;
      index += 1;
      while (index < input.length) {
        const end = input.indexOf(char, index);
        if (end === -1) break;
        pieces.push(input.slice(index, end));
        if (input[end + 1] === char) {
          pieces.push(char);
          index = end + 2;
          continue;
        }
        index = end + 1;
        closed = true;
        break;
      }
      if (!closed) {
        throw filterSyntaxError(
          component,
          subject,
          input,
          start,
          input.slice(start),
          `unterminated ${char} quote`,
        );
      }
      tokens.push({
        kind: char === '`' ? 'identifier' : 'string',
        text: pieces.join(''),
        position: start,
        raw: input.slice(start, index),
      });
      continue;
    }
    const previous = tokens[tokens.length - 1]?.kind;
    if (
      (previous === undefined || previous === 'operator' || previous === 'lparen' || previous === 'comma') &&
      /[\d.+-]/.test(char)
    ) {
      NUMBER.lastIndex = index;
      const number = NUMBER.exec(input);
      if (number) {
        index += number[0].length;
        tokens.push({ kind: 'number', text: number[0], position: start, raw: number[0] });
        continue;
      }
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
    const punctuation = PUNCTUATION.get(char);
    if (punctuation) {
      index += 1;
      tokens.push({ kind: punctuation, text: char, position: start, raw: char });
      continue;
    }
    if (WORD_START.test(char)) {
      index += 1;
      while (index < input.length && WORD_PART.test(input[index]!)) index += 1;
      const text = input.slice(start, index);
      tokens.push({ kind: 'word', text, position: start, raw: text });
      continue;
    }
    const codePoint = String.fromCodePoint(input.codePointAt(index)!);
    throw filterSyntaxError(component, subject, input, start, codePoint, 'unexpected character');
  }
  return tokens;
}
