// Shape checks of an entity source, shared by the store (browser-safe) and the engines.

import { describe, invalid, isPlainObject } from '../errors.ts';
import type { ArrowTableLike } from './port.ts';

const SQL_START = /^\s*(select|with|from|values)\b/i;

/** True when an entity source string is a SQL query rather than a path. */
export function isSqlText(text: string): boolean {
  return SQL_START.test(text);
}

/** True for an Arrow table (anything with numRows, getChild and schema.fields). */
export function isArrowTable(value: unknown): value is ArrowTableLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ArrowTableLike).numRows === 'number' &&
    typeof (value as ArrowTableLike).getChild === 'function' &&
    Array.isArray((value as ArrowTableLike).schema?.fields)
  );
}

/** Checks the shape of an entity source (before any work). */
export function checkEntitySource(value: unknown): void {
  if (typeof value === 'string') {
    if (value === '' || value.length > 1_000_000 || value.includes('\0')) {
      throw invalid(
        `entities must be a path, a SQL query, an Arrow table or row objects, got ${describe(value)}`,
      );
    }
    if (!isSqlText(value) && !/\.(parquet|pq|csv|tsv)(\.gz|\.zst)?$/i.test(value)) {
      throw invalid(
        `entities ${describe(value)} is neither a .parquet / .csv path nor a SQL query (SELECT …); pass { sql } for other queries`,
      );
    }
    return;
  }
  if (isArrowTable(value)) return;
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalid('entities must hold at least one row');
    for (const [index, row] of value.entries()) {
      if (!isPlainObject(row)) throw invalid(`entities[${index}] must be an object, got ${describe(row)}`);
    }
    return;
  }
  if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.sql === 'string') return;
  throw invalid(
    `entities must be a path, a SQL query, an Arrow table or row objects, got ${describe(value)}`,
  );
}
