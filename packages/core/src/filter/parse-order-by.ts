import { type Cursor, failAt, readIdentifier } from './identifier.ts';
import { checkFilterText } from './parse-filter.ts';
import { type FilterSchema, MAX_FILTER_CLAUSES, type OrderByKey } from './schema.ts';
import { filterSyntaxError, tokenize } from './tokens.ts';

/**
 * Parses order-by keys: `<identifier> [ASC|DESC]` (ASC by default, any case). `input` is a string or an
 * array of strings, and each string holds one key or several separated by commas, so
 * `'metrics.acc DESC, params.lr'` and `['metrics.acc DESC', 'params.lr']` are the same order.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` pointing at the offending token, or naming `subject` when
 *   `input` is neither a string nor an array of strings.
 * @example
 * ```ts
 * parseOrderBy(['metrics.acc DESC', 'attributes.start_time'], trackingOrderSchema);
 * ```
 */
export function parseOrderBy<Entity extends string>(
  input: unknown,
  schema: FilterSchema<Entity>,
  subject = 'orderBy',
): OrderByKey<Entity>[] {
  let entries: readonly unknown[];
  if (typeof input === 'string') entries = [input];
  else if (Array.isArray(input)) entries = input;
  else {
    const got = input === null ? 'null' : typeof input;
    throw filterSyntaxError(
      schema.component,
      subject,
      '',
      0,
      '',
      `${subject} must be a string or an array of strings, got ${got}`,
    );
  }
  const keys: OrderByKey<Entity>[] = [];
  entries.forEach((entry, position) => {
    const where = Array.isArray(input) ? `${subject}[${position}]` : subject;
    checkFilterText(entry, schema.component, where);
    const cursor: Cursor = {
      input: entry,
      tokens: tokenize(entry, schema.component, where),
      index: 0,
      component: schema.component,
      subject: where,
    };
    for (;;) {
      const { entity, key } = readIdentifier(cursor, schema);
      let descending = false;
      const direction = cursor.tokens[cursor.index];
      if (direction && direction.kind !== 'comma') {
        const word = direction.kind === 'word' ? direction.text.toUpperCase() : '';
        if (word !== 'ASC' && word !== 'DESC') throw failAt(cursor, direction, 'expected ASC, DESC or ","');
        descending = word === 'DESC';
        cursor.index += 1;
      }
      keys.push({ entity, key, descending });
      if (keys.length > MAX_FILTER_CLAUSES) {
        throw failAt(cursor, direction, `${subject} holds at most ${MAX_FILTER_CLAUSES} keys`);
      }
      const separator = cursor.tokens[cursor.index];
      if (!separator) break;
      if (separator.kind !== 'comma') throw failAt(cursor, separator, 'unexpected text after the direction');
      cursor.index += 1;
    }
  });
  return keys;
}
