import { syntaxError, type Token } from './tokens.ts';

/** What a search identifier refers to. */
export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** A parsed identifier: entity type and key (`metrics.acc` → `{ entity: 'metric', key: 'acc' }`). */
export interface Identifier {
  entity: EntityType;
  key: string;
}

const ENTITY_ALIASES: Record<string, EntityType> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

/** Attributes compared as numbers (`created` is MLflow's alias of `start_time`). */
export const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time', 'created', 'Created']);
/** Attributes compared as strings (`run name` is an alias of `run_name`). */
export const STRING_ATTRIBUTES = new Set([
  'run_id',
  'run_name',
  'run name',
  'status',
  'user_id',
  'artifact_uri',
]);
/** Keys of `datasets.` identifiers. */
export const DATASET_KEYS = new Set(['name', 'digest', 'context']);

/** Canonical attribute name. */
export function canonicalAttribute(key: string): string {
  if (key === 'created' || key === 'Created') return 'start_time';
  if (key === 'run name') return 'run_name';
  return key;
}

/**
 * Reads an identifier at `tokens[index]`: `<entity>.<key>` where the key is bare words joined by dots,
 * or quoted with backticks or double quotes. A bare known attribute (`run_name`, `status`, …) is accepted.
 *
 * @returns the identifier and the index after it.
 * @throws {PlinthError} `PLINTH_VALIDATION` at the offending token.
 */
export function readIdentifier(
  tokens: readonly Token[],
  index: number,
  input: string,
  subject: string,
): { identifier: Identifier; next: number } {
  const first = tokens[index];
  if (!first)
    throw syntaxError(subject, input, input.length, '', 'expected an identifier such as metrics.acc');
  if (first.kind !== 'word') {
    throw syntaxError(
      subject,
      input,
      first.position,
      first.raw,
      'expected an identifier such as metrics.acc',
    );
  }
  const dot = tokens[index + 1];
  if (dot?.kind !== 'dot' || dot.position !== first.position + first.text.length) {
    if (NUMERIC_ATTRIBUTES.has(first.text) || STRING_ATTRIBUTES.has(first.text)) {
      return { identifier: { entity: 'attribute', key: canonicalAttribute(first.text) }, next: index + 1 };
    }
    throw syntaxError(
      subject,
      input,
      first.position,
      first.raw,
      'expected an identifier of the form <type>.<key> (metrics.acc, params.lr, tags.team, attributes.status)',
    );
  }
  const entity = ENTITY_ALIASES[first.text.toLowerCase()];
  if (!entity) {
    throw syntaxError(
      subject,
      input,
      first.position,
      first.raw,
      `invalid entity type "${first.text}"; use metrics, params, tags, attributes or datasets`,
    );
  }
  let next = index + 2;
  const keyToken = tokens[next];
  if (!keyToken) throw syntaxError(subject, input, input.length, '', `expected a key after "${first.text}."`);
  let key: string;
  if (keyToken.kind === 'quoted' && (keyToken.quote === '`' || keyToken.quote === '"')) {
    key = keyToken.text;
    next += 1;
  } else if (keyToken.kind === 'word' || keyToken.kind === 'number') {
    key = keyToken.text;
    let end = keyToken.position + keyToken.raw.length;
    next += 1;
    while (
      tokens[next] &&
      tokens[next]!.position === end &&
      (tokens[next]!.kind === 'dot' || tokens[next]!.kind === 'word')
    ) {
      key += tokens[next]!.text;
      end += tokens[next]!.raw.length;
      next += 1;
    }
  } else {
    throw syntaxError(
      subject,
      input,
      keyToken.position,
      keyToken.raw,
      'expected a key; quote keys with spaces in backticks',
    );
  }
  if (key === '')
    throw syntaxError(subject, input, keyToken.position, keyToken.raw, 'the key must not be empty');
  if (entity === 'attribute') {
    if (!NUMERIC_ATTRIBUTES.has(key) && !STRING_ATTRIBUTES.has(key)) {
      throw syntaxError(
        subject,
        input,
        keyToken.position,
        keyToken.raw,
        `unknown attribute "${key}"; use run_id, run_name, status, user_id, artifact_uri, start_time or end_time`,
      );
    }
    key = canonicalAttribute(key);
  }
  if (entity === 'dataset' && !DATASET_KEYS.has(key)) {
    throw syntaxError(
      subject,
      input,
      keyToken.position,
      keyToken.raw,
      `unknown dataset field "${key}"; use name, digest or context`,
    );
  }
  return { identifier: { entity, key }, next };
}
