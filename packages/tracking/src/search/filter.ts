import { type Identifier, NUMERIC_ATTRIBUTES, readIdentifier } from './identifiers.ts';
import { syntaxError, type Token, tokenize } from './tokens.ts';

/** A comparison operator of the filter grammar. */
export type Comparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

/** One clause of a filter: `<identifier> <comparator> <value>`. */
export interface Clause extends Identifier {
  comparator: Comparator;
  /** A number (metrics, numeric attributes), a string, a list of strings (IN), or null (IS NULL). */
  value: number | string | string[] | null;
  /** Compiled pattern of LIKE / ILIKE. */
  pattern?: RegExp;
}

const SUBJECT = 'filter';
const NUMERIC_COMPARATORS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const STRING_COMPARATORS = new Set(['=', '!=', 'LIKE', 'ILIKE']);

/** Compiles a SQL LIKE pattern (`%` any run, `_` one character) into an anchored regular expression. */
export function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

/**
 * Parses an MLflow search filter: clauses joined by `and`, each `<identifier> <comparator> <value>`.
 * An empty or blank filter is no clause (everything matches).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` with `details.position` and `details.token` at the offending token.
 * @example
 * ```ts
 * parseFilter("metrics.acc > 0.9 and params.model = 'mlp'");
 * ```
 */
export function parseFilter(input: string): Clause[] {
  const tokens = tokenize(input, SUBJECT);
  const clauses: Clause[] = [];
  let index = 0;
  while (index < tokens.length) {
    if (clauses.length > 0) {
      const joiner = tokens[index]!;
      if (joiner.kind !== 'word' || joiner.text.toUpperCase() !== 'AND') {
        const problem =
          joiner.kind === 'word' && joiner.text.toUpperCase() === 'OR'
            ? 'OR is not supported; only AND joins clauses'
            : 'expected AND between clauses';
        throw syntaxError(SUBJECT, input, joiner.position, joiner.raw, problem);
      }
      index += 1;
    }
    const { identifier, next } = readIdentifier(tokens, index, input, SUBJECT);
    const parsed = readClause(tokens, next, input, identifier);
    clauses.push(parsed.clause);
    index = parsed.next;
  }
  return clauses;
}

function readComparator(
  tokens: readonly Token[],
  index: number,
  input: string,
): { comparator: Comparator; next: number } {
  const token = tokens[index];
  if (!token)
    throw syntaxError(
      SUBJECT,
      input,
      input.length,
      '',
      'expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN)',
    );
  if (token.kind === 'operator') return { comparator: token.text as Comparator, next: index + 1 };
  if (token.kind === 'word') {
    const word = token.text.toUpperCase();
    const following = tokens[index + 1]?.kind === 'word' ? tokens[index + 1]!.text.toUpperCase() : undefined;
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return { comparator: word, next: index + 1 };
    if (word === 'NOT' && following === 'IN') return { comparator: 'NOT IN', next: index + 2 };
    if (word === 'IS' && following === 'NULL') return { comparator: 'IS NULL', next: index + 2 };
    if (word === 'IS' && following === 'NOT' && tokens[index + 2]?.text.toUpperCase() === 'NULL') {
      return { comparator: 'IS NOT NULL', next: index + 3 };
    }
  }
  throw syntaxError(
    SUBJECT,
    input,
    token.position,
    token.raw,
    'expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN)',
  );
}

function readClause(
  tokens: readonly Token[],
  index: number,
  input: string,
  identifier: Identifier,
): { clause: Clause; next: number } {
  const comparatorToken = tokens[index];
  const { comparator, next } = readComparator(tokens, index, input);
  const at = comparatorToken!;
  const numeric =
    identifier.entity === 'metric' ||
    (identifier.entity === 'attribute' && NUMERIC_ATTRIBUTES.has(identifier.key)) ||
    identifier.key === 'start_time' ||
    identifier.key === 'end_time';
  const name = `${identifier.entity} "${identifier.key}"`;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') {
    if (identifier.entity !== 'param' && identifier.entity !== 'tag') {
      throw syntaxError(SUBJECT, input, at.position, at.raw, `${comparator} works on params and tags only`);
    }
    return { clause: { ...identifier, comparator, value: null }, next };
  }
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (!((identifier.entity === 'attribute' && !numeric) || identifier.entity === 'dataset')) {
      throw syntaxError(
        SUBJECT,
        input,
        at.position,
        at.raw,
        `${comparator} works on string attributes (run_id, run_name, status, …) and datasets only; ${name} takes a single quoted value`,
      );
    }
    return readList(tokens, next, input, identifier, comparator);
  }
  const valueToken = tokens[next];
  if (!valueToken)
    throw syntaxError(SUBJECT, input, input.length, '', `expected a value after ${comparator}`);
  if (numeric) {
    if (!NUMERIC_COMPARATORS.has(comparator)) {
      throw syntaxError(SUBJECT, input, at.position, at.raw, `${name} is numeric; use =, !=, <, <=, > or >=`);
    }
    if (valueToken.kind !== 'number') {
      throw syntaxError(
        SUBJECT,
        input,
        valueToken.position,
        valueToken.raw,
        `${name} is compared with a number`,
      );
    }
    return { clause: { ...identifier, comparator, value: Number(valueToken.text) }, next: next + 1 };
  }
  if (!STRING_COMPARATORS.has(comparator)) {
    throw syntaxError(SUBJECT, input, at.position, at.raw, `${name} is a string; use =, !=, LIKE or ILIKE`);
  }
  if (valueToken.kind !== 'quoted' || valueToken.quote === '`') {
    throw syntaxError(
      SUBJECT,
      input,
      valueToken.position,
      valueToken.raw,
      `${name} is compared with a quoted string such as 'value'`,
    );
  }
  const clause: Clause = { ...identifier, comparator, value: valueToken.text };
  if (comparator === 'LIKE' || comparator === 'ILIKE')
    clause.pattern = likePattern(valueToken.text, comparator === 'ILIKE');
  return { clause, next: next + 1 };
}

function readList(
  tokens: readonly Token[],
  index: number,
  input: string,
  identifier: Identifier,
  comparator: Comparator,
): { clause: Clause; next: number } {
  const open = tokens[index];
  if (open?.kind !== 'lparen') {
    throw syntaxError(
      SUBJECT,
      input,
      open?.position ?? input.length,
      open?.raw ?? '',
      `expected "(" and a list of quoted strings after ${comparator}`,
    );
  }
  const values: string[] = [];
  let next = index + 1;
  for (;;) {
    const item = tokens[next];
    if (item?.kind !== 'quoted' || item.quote === '`') {
      throw syntaxError(
        SUBJECT,
        input,
        item?.position ?? input.length,
        item?.raw ?? '',
        'expected a quoted string in the list',
      );
    }
    values.push(item.text);
    const separator = tokens[next + 1];
    next += 2;
    if (separator?.kind === 'rparen') break;
    if (separator?.kind !== 'comma') {
      throw syntaxError(
        SUBJECT,
        input,
        separator?.position ?? input.length,
        separator?.raw ?? '',
        'expected "," or ")" in the list',
      );
    }
  }
  return { clause: { ...identifier, comparator, value: values }, next };
}
