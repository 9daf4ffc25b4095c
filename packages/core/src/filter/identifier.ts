import type { FilterEntity, FilterField, FilterSchema } from './schema.ts';
import { type FilterToken, filterSyntaxError } from './tokens.ts';

/** Where the parser reads: the input, its tokens, and what to call it in messages. */
export interface Cursor {
  input: string;
  tokens: readonly FilterToken[];
  index: number;
  component: string;
  subject: string;
}

/** A resolved identifier. */
export interface ResolvedIdentifier<Entity extends string> {
  entity: Entity;
  key: string;
  field: FilterField;
  /** `metric "acc"`, for messages. */
  name: string;
}

/** A `PLINTH_VALIDATION` error at `token` (or at the end of the input). */
export function failAt(cursor: Cursor, token: FilterToken | undefined, problem: string) {
  return filterSyntaxError(
    cursor.component,
    cursor.subject,
    cursor.input,
    token?.position ?? cursor.input.length,
    token?.raw ?? '',
    problem,
  );
}

function entityOf<Entity extends string>(schema: FilterSchema<Entity>, name: string): Entity | undefined {
  const lower = name.toLowerCase();
  for (const entity of Object.keys(schema.entities) as Entity[]) {
    if (schema.entities[entity].names.includes(lower)) return entity;
  }
  return undefined;
}

function fieldOf(entity: FilterEntity, key: string): { key: string; field: FilterField } | undefined {
  const fields = entity.fields;
  if (!fields) return entity.anyKey ? { key, field: entity.anyKey } : undefined;
  const found = Object.hasOwn(fields, key)
    ? key
    : Object.hasOwn(fields, key.toLowerCase())
      ? key.toLowerCase()
      : '';
  if (found === '') return undefined;
  const field = fields[found]!;
  return { key: field.key ?? found, field };
}

/** The canonical field names of an entity (aliases left out), for messages. */
function fieldNames(entity: FilterEntity): string {
  const names = Object.keys(entity.fields ?? {}).filter((key) => entity.fields![key]!.key === undefined);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function entityNames(schema: FilterSchema, except?: FilterEntity): string {
  const names = Object.values<FilterEntity>(schema.entities)
    .filter((entity) => entity !== except && entity.names.length > 0)
    .map((entity) => entity.names[0]!);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Reads an identifier at the cursor: `<entity>.<key>`, where the entity may be in backticks and the key is
 * bare words joined by dots or is quoted in backticks or double quotes; or a bare field of the schema's
 * `bare` entity (`status`, `` `Run name` ``). Advances the cursor past it.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` at the offending token.
 */
export function readIdentifier<Entity extends string>(
  cursor: Cursor,
  schema: FilterSchema<Entity>,
): ResolvedIdentifier<Entity> {
  const { tokens } = cursor;
  const first = tokens[cursor.index];
  const bare = schema.bare === undefined ? undefined : schema.entities[schema.bare];
  const example = bare
    ? `<type>.<key> or a field such as ${fieldNames(bare).split(/,| or /)[0]}`
    : '<type>.<key>';
  if (!first || (first.kind !== 'word' && first.kind !== 'identifier')) {
    throw failAt(cursor, first, `expected an identifier (${example})`);
  }
  if (tokens[cursor.index + 1]?.kind !== 'dot') {
    const found = bare ? fieldOf(bare, first.text) : undefined;
    if (!found || !bare || schema.bare === undefined) {
      const others = entityNames(schema, bare);
      const problem = bare
        ? `unknown ${bare.label} "${first.text}"; use ${fieldNames(bare)}${others ? `, or <type>.<key> with type ${others}` : ''}`
        : `expected an identifier of the form <type>.<key> with type ${others}`;
      throw failAt(cursor, first, problem);
    }
    cursor.index += 1;
    return { entity: schema.bare, ...found, name: `${bare.label} "${found.key}"` };
  }
  const entity = entityOf(schema, first.text);
  if (entity === undefined) {
    throw failAt(cursor, first, `invalid entity type "${first.text}"; use ${entityNames(schema)}`);
  }
  const spec = schema.entities[entity];
  cursor.index += 2;
  const keyToken = tokens[cursor.index];
  let key: string;
  if (keyToken?.kind === 'identifier' || (keyToken?.kind === 'string' && keyToken.raw.startsWith('"'))) {
    key = keyToken.text;
    cursor.index += 1;
  } else if (keyToken?.kind === 'word') {
    key = keyToken.text;
    let end = keyToken.position + keyToken.raw.length;
    cursor.index += 1;
    for (;;) {
      const next = tokens[cursor.index];
      if (!next || next.position !== end || (next.kind !== 'dot' && next.kind !== 'word')) break;
      key += next.text;
      end += next.raw.length;
      cursor.index += 1;
    }
  } else {
    throw failAt(
      cursor,
      keyToken,
      `expected a key after "${first.text}."; quote keys with spaces in backticks`,
    );
  }
  if (key === '') throw failAt(cursor, keyToken, 'the key must not be empty');
  const found = fieldOf(spec, key);
  if (!found) throw failAt(cursor, keyToken, `unknown ${spec.label} "${key}"; use ${fieldNames(spec)}`);
  return { entity, ...found, name: `${spec.label} "${found.key}"` };
}
