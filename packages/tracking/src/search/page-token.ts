import { decodeJson, encodeJson } from '@plinth/core';
import { trackingError } from '../errors.ts';
import type { SortTuple } from './order.ts';

interface PagePosition {
  /** Fingerprint of the query the token belongs to. */
  query: string;
  /** Sort tuple of the last run returned. */
  after: SortTuple;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** An opaque page token: the sort position of the last run of a page (keyset paging, stable under inserts). */
export function encodePageToken(query: string, after: SortTuple): string {
  return toBase64Url(encodeJson({ query, after } satisfies PagePosition));
}

/**
 * Reads a page token made by {@link encodePageToken} for the same query.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the token is malformed or belongs to another query.
 */
export function decodePageToken(token: string, query: string): SortTuple {
  let position: PagePosition;
  try {
    position = decodeJson(fromBase64Url(token)) as PagePosition;
  } catch (cause) {
    throw trackingError(
      'PLINTH_VALIDATION',
      'invalid pageToken; pass back the nextPageToken of a previous searchRuns call',
      { cause },
    );
  }
  if (!position || !Array.isArray(position.after) || position.query !== query) {
    throw trackingError(
      'PLINTH_VALIDATION',
      'pageToken belongs to a different search; pass it back with the same experiments, filter, orderBy and runViewType',
    );
  }
  return position.after;
}
