// The search grammar for a static export, where no server runs searchRuns: clauses joined by `and`, each
// `<type>.<key> <op> <value>` over metrics, params, tags and attributes (as @plinth/tracking's searchRuns).
// The live UI sends the filter to the server instead, which parses it with @plinth/core/filter.

const ATTRIBUTES = {
  run_id: (run) => run.id,
  run_name: (run) => run.name,
  'run name': (run) => run.name,
  status: (run) => run.status.toUpperCase(),
  user_id: (run) => run.user,
  start_time: (run) => run.startTime,
  created: (run) => run.startTime,
  end_time: (run) => run.endTime,
};
const TYPES = {
  metric: 'metrics',
  metrics: 'metrics',
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
  tag: 'tags',
  tags: 'tags',
  attribute: 'attributes',
  attributes: 'attributes',
  attr: 'attributes',
  run: 'attributes',
};

function tokenize(text) {
  const tokens = [];
  const pattern =
    /\s*(?:('(?:[^'\\]|\\.|'')*')|("(?:[^"\\]|\\.)*")|(`[^`]*`)|(<=|>=|!=|<>|=|<|>|\(|\)|,)|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_][\w.\-/: ]*?(?=\s*(?:<=|>=|!=|<>|=|<|>|\(|\)|,|\s|`|$)))|(\S))/giy;
  while (pattern.lastIndex < text.length) {
    const match = pattern.exec(text);
    if (!match) break;
    if (match[0].trim() === '') break;
    if (match[7]) throw new Error(`the filter has an unexpected "${match[7]}" at ${match.index}`);
    const [, single, double, back, op, number, word] = match;
    if (single)
      tokens.push({ kind: 'string', value: single.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1') });
    else if (double) tokens.push({ kind: 'string', value: double.slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (back) tokens.push({ kind: 'quoted', value: back.slice(1, -1) });
    else if (op) tokens.push({ kind: 'op', value: op === '<>' ? '!=' : op });
    else if (number) tokens.push({ kind: 'number', value: Number(number) });
    else tokens.push({ kind: 'word', value: word });
  }
  return tokens;
}

/** Parses a filter into clauses `{ type, key, op, value }`. Throws an Error with a readable message. */
export function parseFilter(text) {
  const tokens = tokenize(text.trim());
  const clauses = [];
  let i = 0;
  const next = () => tokens[i++];
  while (i < tokens.length) {
    const first = next();
    let type = 'attributes';
    let key;
    if (first.kind === 'quoted') key = first.value;
    else if (first.kind === 'word') {
      const dot = first.value.indexOf('.');
      const head = dot > 0 ? first.value.slice(0, dot).toLowerCase() : '';
      if (dot > 0 && TYPES[head]) {
        type = TYPES[head];
        key = first.value.slice(dot + 1);
        if (key === '' && tokens[i]?.kind === 'quoted') key = next().value;
      } else key = first.value;
    } else throw new Error('the filter must start each clause with a field such as metrics.acc');
    key = key.trim();
    if (type === 'attributes') key = key.toLowerCase();
    if (type === 'attributes' && !ATTRIBUTES[key]) throw new Error(`unknown attribute "${key}"`);
    let op = next();
    if (!op) throw new Error('the filter ends before its comparison');
    let value;
    const word = op.kind === 'word' ? op.value.trim().toUpperCase() : '';
    if (word === 'IS') {
      const rest = [next(), tokens[i]];
      const negated = rest[0]?.kind === 'word' && /^NOT NULL$|^NOT$/i.test(rest[0].value.trim());
      if (negated && rest[0].value.trim().toUpperCase() === 'NOT') next();
      op = negated ? 'IS NOT NULL' : 'IS NULL';
    } else if (word === 'LIKE' || word === 'ILIKE' || word === 'IN' || word === 'NOT IN' || word === 'NOT') {
      if (word === 'NOT') next();
      op = word === 'NOT' ? 'NOT IN' : word;
      if (op === 'IN' || op === 'NOT IN') {
        if (next()?.value !== '(') throw new Error(`${op} needs a list in parentheses`);
        value = [];
        for (let token = next(); token && token.value !== ')'; token = next())
          if (token.value !== ',') value.push(token.value);
      } else value = next()?.value;
    } else if (op.kind === 'op') {
      op = op.value;
      const token = next();
      if (!token || (token.kind !== 'number' && token.kind !== 'string'))
        throw new Error(`"${op}" needs a value`);
      value = token.value;
    } else throw new Error(`expected a comparison after "${key}"`);
    if (type === 'metrics' && typeof value !== 'number' && !op.startsWith('IS'))
      throw new Error(`metrics.${key} compares with a number`);
    clauses.push({ type, key, op, value });
    const joiner = tokens[i];
    if (joiner) {
      if (joiner.kind !== 'word' || joiner.value.trim().toLowerCase() !== 'and')
        throw new Error('join clauses with "and"');
      i++;
    }
  }
  return clauses;
}

function likeRegex(pattern, flags) {
  let source = '';
  for (const char of pattern)
    source += char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${source}$`, `su${flags}`);
}

function fieldValue(run, type, key) {
  if (type === 'attributes') return ATTRIBUTES[key](run);
  const map = run[type];
  if (!Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  return type === 'metrics' ? Number(value) : value;
}

/** Whether a run row satisfies every clause. */
export function matchFilter(run, clauses) {
  for (const { type, key, op, value } of clauses) {
    const actual = fieldValue(run, type, key);
    if (op === 'IS NULL') {
      if (actual !== undefined) return false;
      continue;
    }
    if (op === 'IS NOT NULL') {
      if (actual === undefined) return false;
      continue;
    }
    if (actual === undefined) return false;
    const expected = key === 'status' && typeof value === 'string' ? value.toUpperCase() : value;
    let ok;
    switch (op) {
      case '=':
        ok = actual === expected || (typeof actual === 'number' && actual === Number(expected));
        break;
      case '!=':
        ok = !(actual === expected || (typeof actual === 'number' && actual === Number(expected)));
        break;
      case '<':
        ok = actual < expected;
        break;
      case '<=':
        ok = actual <= expected;
        break;
      case '>':
        ok = actual > expected;
        break;
      case '>=':
        ok = actual >= expected;
        break;
      case 'LIKE':
        ok = likeRegex(String(expected), '').test(String(actual));
        break;
      case 'ILIKE':
        ok = likeRegex(String(expected), 'i').test(String(actual));
        break;
      case 'IN':
        ok = expected.map(String).includes(String(actual));
        break;
      case 'NOT IN':
        ok = !expected.map(String).includes(String(actual));
        break;
      default:
        throw new Error(`unknown comparison ${op}`);
    }
    if (!ok) return false;
  }
  return true;
}

/**
 * A comparator for `orderBy` keys such as `metrics.\`acc\` DESC`, as the tracker orders: missing values last and
 * NaN after every number in both directions, ties by start time (newest first) then run id.
 */
export function compareRuns(orderBy) {
  const keys = orderBy.map((text) => {
    const match = /^\s*(.*?)\s*(ASC|DESC)?\s*$/i.exec(text);
    const descending = (match[2] ?? 'ASC').toUpperCase() === 'DESC';
    const [clause] = parseFilter(`${match[1]} IS NULL`);
    return { ...clause, descending };
  });
  const rank = (value) =>
    value === undefined ? 2 : typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
  return (a, b) => {
    for (const { type, key, descending } of keys) {
      const x = fieldValue(a, type, key);
      const y = fieldValue(b, type, key);
      const byRank = rank(x) - rank(y);
      if (byRank) return byRank;
      if (rank(x) || x === y) continue;
      const order = x < y ? -1 : 1;
      return descending ? -order : order;
    }
    if (a.startTime !== b.startTime) return b.startTime - a.startTime;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
