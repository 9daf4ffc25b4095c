import { hasControlCharacters } from '@plinth/core';
import type { Tracker } from '@plinth/tracking';
import { uiErrors } from '../errors.ts';
import { artifactContentType, artifactKind } from './artifact-kind.ts';

/** Bytes of an artifact's head the preview reads. */
export const PREVIEW_BYTES = 64 * 1024;
/** Rows of a CSV head the preview shows. */
export const PREVIEW_ROWS = 50;

/** What the run page shows for one artifact. */
export interface ArtifactPreview {
  path: string;
  size: number;
  kind: string;
  /** The head of the text (text, JSON that is too long to parse, CSV source). */
  text?: string;
  /** Parsed CSV head: the first row is the header. */
  rows?: string[][];
  /** The head is not the whole file. */
  truncated: boolean;
}

/**
 * Checks an artifact path from a request and finds it among the run's artifacts: only a path the run lists
 * is served, so `../`, absolute and encoded variants (`%2e%2e/`, `..%2f`, backslashes) can never name
 * anything outside the run.
 * @throws {PlinthError} `PLINTH_VALIDATION` for a malformed path; `PLINTH_NOT_FOUND` when the run has no such artifact.
 */
export async function findArtifact(tracker: Tracker, runId: string, path: string) {
  let decoded = path;
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(decoded); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  if (
    typeof path !== 'string' ||
    path.length === 0 ||
    path.length > 1024 ||
    hasControlCharacters(path) ||
    [path, decoded].some(
      (candidate) =>
        candidate.startsWith('/') ||
        candidate.includes('\\') ||
        /^[A-Za-z]:/.test(candidate) ||
        candidate.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''),
    )
  ) {
    throw uiErrors.invalid('artifact path', {
      path: 'path',
      message: 'must be a relative path inside the run (no "..", no leading "/", no backslash)',
    });
  }
  const artifacts = await tracker.listArtifacts(runId);
  const found = artifacts.find((artifact) => artifact.path === path);
  if (!found) throw uiErrors.error('PLINTH_NOT_FOUND', `run "${runId}" has no artifact at that path`);
  return found;
}

async function readHead(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.length) break;
  }
  return bytes;
}

/** A CSV (or TSV) head as rows of cells; quoted cells with commas, quotes and newlines are kept whole. */
export function parseCsvHead(text: string, separator: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === separator) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if ((cell !== '' || row.length) && rows.length < maxRows) rows.push([...row, cell]);
  return rows;
}

/** The preview of one artifact: the head of text, JSON (pretty when whole) or CSV (parsed rows). */
export async function previewArtifact(
  tracker: Tracker,
  runId: string,
  path: string,
): Promise<ArtifactPreview> {
  const artifact = await findArtifact(tracker, runId, path);
  const kind = artifactKind(artifact.path);
  const base = { path: artifact.path, size: artifact.size, kind };
  if (kind === 'image' || kind === 'binary') return { ...base, truncated: false };
  const head = await readHead(await tracker.openArtifact(runId, artifact.path), PREVIEW_BYTES);
  const truncated = artifact.size > head.byteLength;
  // a cut multi-byte character at the end decodes as U+FFFD, which is fine for a preview
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (kind === 'json' && !truncated && /\.json$/i.test(artifact.path)) {
    try {
      return { ...base, text: JSON.stringify(JSON.parse(text), null, 2), truncated };
    } catch {
      return { ...base, text, truncated };
    }
  }
  if (kind === 'csv') {
    const separator = /\.tsv$/i.test(artifact.path) ? '\t' : ',';
    return {
      ...base,
      rows: parseCsvHead(text, separator, PREVIEW_ROWS),
      truncated: truncated || text.split('\n').length > PREVIEW_ROWS,
    };
  }
  return { ...base, text, truncated };
}

/** An artifact's bytes and the content type it is served with. */
export async function openArtifactFile(tracker: Tracker, runId: string, path: string) {
  const artifact = await findArtifact(tracker, runId, path);
  return {
    artifact,
    contentType: artifactContentType(artifact.path),
    stream: await tracker.openArtifact(runId, artifact.path),
  };
}
