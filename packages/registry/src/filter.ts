import { PlinthError } from '@plinth/core';
import type { ModelVersion } from './schemas/version.ts';

/** A comparison operator of a search filter. */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

/** One `field op value` clause; clauses are joined by AND. */
export interface FilterClause {
  field: string;
  operator: FilterOperator;
  value: string | number | (string | number)[];
}

const FIELDS =
  'name, version, semver, run_id, stage (current_stage), alias (aliases), format, created_at, created_by, tags.<key>';

const TOKEN =
  /\s*(?:(`[^`]*`(?:\.`[^`]*`)?|[A-Za-z_][\w.]*(?:`[^`]*`)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(!=|>=|<=|=|>|<)|([(),]))/y;

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string };

function invalid(filter: string, why: string): PlinthError<'PLINTH_VALIDATION'> {
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'registry',
    message: `invalid search filter ${JSON.stringify(filter)}: ${why}; write clauses like "name = 'fraud' and tags.validated = 'true'" joined by AND, on ${FIELDS}`,
    details: { issues: [{ path: 'filter', message: why }] },
  });
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (/^\s*$/.test(filter.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(filter);
    if (!match) throw invalid(filter, `unexpected text at position ${at}: ${filter.slice(at, at + 20)}`);
    if (match[1] !== undefined) tokens.push({ kind: 'word', text: match[1] });
    else if (match[2] !== undefined)
      tokens.push({ kind: 'string', text: match[2].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (match[3] !== undefined) tokens.push({ kind: 'number', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'op', text: match[4] });
    else tokens.push({ kind: 'punct', text: match[5]! });
  }
  return tokens;
}

function normalizeField(word: string, filter: string): string {
  const plain = word.replace(/`/g, '');
  const lower = plain.toLowerCase();
  if (lower.startsWith('tags.') || lower.startsWith('tag.'))
    return `tags.${plain.slice(plain.indexOf('.') + 1)}`;
  const aliases: Record<string, string> = {
    name: 'name',
    version: 'version',
    version_number: 'version',
    semver: 'semver',
    run_id: 'run_id',
    stage: 'stage',
    current_stage: 'stage',
    alias: 'alias',
    aliases: 'alias',
    format: 'format',
    created_at: 'created_at',
    creation_timestamp: 'created_at',
    created_by: 'created_by',
  };
  const field = aliases[lower];
  if (!field) throw invalid(filter, `unknown field "${plain}"`);
  return field;
}

/**
 * Parses an MLflow-style filter: `field op value` clauses joined by AND. Operators: = != > >= < <= LIKE
 * ILIKE IN NOT IN; values are quoted strings, numbers or parenthesised lists.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the problem and the accepted fields.
 */
export function parseFilter(filter: string): FilterClause[] {
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let index = 0;
  const next = () => tokens[index++];
  while (index < tokens.length) {
    const word = next()!;
    if (word.kind !== 'word') throw invalid(filter, `expected a field name, got ${word.text}`);
    const field = normalizeField(word.text, filter);
    let operatorToken = next();
    if (!operatorToken) throw invalid(filter, `missing operator after ${word.text}`);
    let operator: FilterOperator;
    const upper = operatorToken.text.toUpperCase();
    if (operatorToken.kind === 'op') operator = operatorToken.text as FilterOperator;
    else if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') operator = upper;
    else if (upper === 'NOT' && tokens[index]?.text.toUpperCase() === 'IN') {
      index += 1;
      operator = 'NOT IN';
    } else throw invalid(filter, `unknown operator ${operatorToken.text}`);
    let value: FilterClause['value'];
    if (operator === 'IN' || operator === 'NOT IN') {
      if (next()?.text !== '(') throw invalid(filter, `${operator} needs a list like ('a', 'b')`);
      const list: (string | number)[] = [];
      for (;;) {
        const item = next();
        if (!item || (item.kind !== 'string' && item.kind !== 'number'))
          throw invalid(filter, 'bad list item');
        list.push(item.kind === 'number' ? Number(item.text) : item.text);
        operatorToken = next();
        if (operatorToken?.text === ')') break;
        if (operatorToken?.text !== ',') throw invalid(filter, 'list items must be separated by commas');
      }
      value = list;
    } else {
      const item = next();
      if (!item || (item.kind !== 'string' && item.kind !== 'number')) {
        throw invalid(filter, `expected a quoted string or a number after ${word.text} ${operator}`);
      }
      value = item.kind === 'number' ? Number(item.text) : item.text;
    }
    clauses.push({ field, operator, value });
    if (index < tokens.length) {
      const joiner = next()!;
      if (joiner.text.toUpperCase() !== 'AND') throw invalid(filter, `expected AND, got ${joiner.text}`);
      if (index >= tokens.length) throw invalid(filter, 'dangling AND');
    }
  }
  return clauses;
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, flags);
}

function compare(
  actual: string | number,
  operator: FilterOperator,
  expected: FilterClause['value'],
): boolean {
  if (Array.isArray(expected)) {
    const found = expected.some((item) => String(item) === String(actual));
    return operator === 'IN' ? found : !found;
  }
  if (operator === 'LIKE' || operator === 'ILIKE') {
    return likeToRegExp(String(expected), operator === 'ILIKE' ? 'i' : '').test(String(actual));
  }
  const numeric = typeof actual === 'number' && typeof expected === 'number';
  const left = numeric ? actual : String(actual);
  const right = numeric ? expected : String(expected);
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    default:
      return left <= right;
  }
}

/** True when a version satisfies every clause. A clause on a tag the version lacks is false (`!=` too). */
export function matchesFilter(version: ModelVersion, clauses: readonly FilterClause[]): boolean {
  return clauses.every(({ field, operator, value }) => {
    if (field === 'alias') {
      if (operator === '!=' || operator === 'NOT IN')
        return version.aliases.every((alias) => compare(alias, operator, value));
      return version.aliases.some((alias) => compare(alias, operator, value));
    }
    let actual: string | number | undefined;
    if (field.startsWith('tags.')) actual = version.tags[field.slice(5)];
    else if (field === 'name') actual = version.name;
    else if (field === 'version') actual = version.version;
    else if (field === 'semver') actual = version.semver;
    else if (field === 'run_id') actual = version.runId;
    else if (field === 'stage') actual = version.stage;
    else if (field === 'format') actual = version.format;
    else if (field === 'created_at') actual = version.createdAt;
    else if (field === 'created_by') actual = version.createdBy;
    if (actual === undefined) return false;
    return compare(actual, operator, value);
  });
}

/** The model names a filter pins with `name = '…'` or `name IN (…)`, so a search can skip the others. */
export function pinnedNames(clauses: readonly FilterClause[]): string[] | undefined {
  for (const clause of clauses) {
    if (clause.field !== 'name') continue;
    if (clause.operator === '=' && typeof clause.value === 'string') return [clause.value];
    if (clause.operator === 'IN' && Array.isArray(clause.value)) return clause.value.map(String);
  }
  return undefined;
}
