import { type Cursor, failAt, type ResolvedIdentifier, readIdentifier } from './identifier.ts';
import {
  type FilterClause,
  type FilterComparator,
  type FilterSchema,
  MAX_FILTER_CLAUSES,
  MAX_FILTER_LENGTH,
} from './schema.ts';
import { filterSyntaxError, tokenize } from './tokens.ts';

function listOf(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Checks that `input` is a string within {@link MAX_FILTER_LENGTH}.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `subject`.
 */
export function checkFilterText(input: unknown, component: string, subject: string): asserts input is string {
  if (typeof input !== 'string') {
    const got = input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input;
    throw filterSyntaxError(component, subject, '', 0, '', `${subject} must be a string, got ${got}`);
  }
  if (input.length > MAX_FILTER_LENGTH) {
    throw filterSyntaxError(
      component,
      subject,
      input,
      MAX_FILTER_LENGTH,
      '',
      `${subject} is ${input.length} characters long; the limit is ${MAX_FILTER_LENGTH}`,
    );
  }
}

function readComparator(cursor: Cursor): FilterComparator {
  const { tokens } = cursor;
  const token = tokens[cursor.index];
  const word = (offset: number) => {
    const next = tokens[cursor.index + offset];
    return next?.kind === 'word' ? next.text.toUpperCase() : undefined;
  };
  if (token?.kind === 'operator') {
    cursor.index += 1;
    return token.text as FilterComparator;
  }
  const first = word(0);
  if (first === 'LIKE' || first === 'ILIKE' || first === 'IN') {
    cursor.index += 1;
    return first;
  }
  if (first === 'NOT' && word(1) === 'IN') {
    cursor.index += 2;
    return 'NOT IN';
  }
  if (first === 'IS' && word(1) === 'NULL') {
    cursor.index += 2;
    return 'IS NULL';
  }
  if (first === 'IS' && word(1) === 'NOT' && word(2) === 'NULL') {
    cursor.index += 3;
    return 'IS NOT NULL';
  }
  throw failAt(
    cursor,
    token,
    'expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL)',
  );
}

function readValue<Entity extends string>(
  cursor: Cursor,
  identifier: ResolvedIdentifier<Entity>,
  comparator: FilterComparator,
): number | string {
  const token = cursor.tokens[cursor.index];
  const numeric = identifier.field.type === 'number';
  if (!token) throw failAt(cursor, token, `expected a value after ${comparator}`);
  if (numeric ? token.kind !== 'number' : token.kind !== 'string') {
    const expected = numeric ? 'a number' : "a quoted string such as 'value'";
    throw failAt(cursor, token, `${identifier.name} is compared with ${expected}`);
  }
  cursor.index += 1;
  return numeric ? Number(token.text) : token.text;
}

function readList<Entity extends string>(
  cursor: Cursor,
  identifier: ResolvedIdentifier<Entity>,
  comparator: FilterComparator,
): string[] | number[] {
  const open = cursor.tokens[cursor.index];
  const numeric = identifier.field.type === 'number';
  const item = numeric ? 'numbers' : 'quoted strings';
  if (open?.kind !== 'lparen')
    throw failAt(cursor, open, `expected "(" and a list of ${item} after ${comparator}`);
  cursor.index += 1;
  const values: Array<string | number> = [];
  for (;;) {
    values.push(readValue(cursor, identifier, comparator));
    const separator = cursor.tokens[cursor.index];
    cursor.index += 1;
    if (separator?.kind === 'rparen') break;
    if (separator?.kind !== 'comma') throw failAt(cursor, separator, 'expected "," or ")" in the list');
  }
  return values as string[] | number[];
}

/**
 * Parses an MLflow search filter against a package's field table: clauses `<identifier> <comparator>
 * <value>` joined by `AND` (any case). An empty or blank filter is no clause (everything matches).
 * The grammar and the LIKE rules are in the `@plinth/core` README ("Filter grammar").
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` with `details.position` and `details.token` at the offending
 *   token; also when `input` is not a string, is longer than {@link MAX_FILTER_LENGTH} or holds more than
 *   {@link MAX_FILTER_CLAUSES} clauses.
 * @example
 * ```ts
 * parseFilter("metrics.acc > 0.9 and params.model = 'mlp'", trackingSchema);
 * ```
 */
export function parseFilter<Entity extends string>(
  input: unknown,
  schema: FilterSchema<Entity>,
  subject = 'filter',
): FilterClause<Entity>[] {
  checkFilterText(input, schema.component, subject);
  const cursor: Cursor = {
    input,
    tokens: tokenize(input, schema.component, subject),
    index: 0,
    component: schema.component,
    subject,
  };
  const clauses: FilterClause<Entity>[] = [];
  while (cursor.index < cursor.tokens.length) {
    if (clauses.length > 0) {
      const joiner = cursor.tokens[cursor.index]!;
      const word = joiner.kind === 'word' ? joiner.text.toUpperCase() : '';
      if (word !== 'AND') {
        const problem =
          word === 'OR' ? 'OR is not supported; only AND joins clauses' : 'expected AND between clauses';
        throw failAt(cursor, joiner, problem);
      }
      if (clauses.length >= MAX_FILTER_CLAUSES) {
        throw failAt(cursor, joiner, `a filter holds at most ${MAX_FILTER_CLAUSES} clauses`);
      }
      cursor.index += 1;
    }
    const identifier = readIdentifier(cursor, schema);
    const at = cursor.tokens[cursor.index];
    const comparator = readComparator(cursor);
    const { field, name } = identifier;
    if (!field.comparators.includes(comparator)) {
      const kind = field.type === 'number' ? 'numeric' : 'a string';
      throw failAt(cursor, at, `${name} is ${kind}; use ${listOf(field.comparators)}`);
    }
    let value: FilterClause<Entity>['value'] = null;
    if (comparator === 'IN' || comparator === 'NOT IN') value = readList(cursor, identifier, comparator);
    else if (comparator !== 'IS NULL' && comparator !== 'IS NOT NULL') {
      value = readValue(cursor, identifier, comparator);
    }
    clauses.push({ entity: identifier.entity, key: identifier.key, comparator, value });
  }
  return clauses;
}
