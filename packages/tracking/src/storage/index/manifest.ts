import { bytesToText, textToBytes } from '@plinth/core';
import type { Run } from '../../schemas/run.ts';
import { ROOT } from '../layout.ts';
import type { SegmentMeta } from './segment.ts';

/**
 * Where an experiment's search index lives:
 * - `experiments/<id>/index/manifest.json` — the list of segments, replaced by compare-and-set;
 * - `experiments/<id>/index/<segment id>/<n>.pack` — a segment's columns, written before the manifest
 *   names them and never changed;
 * - `experiments/<id>/summary.json` — the JSON snapshot of earlier versions, read until a manifest exists.
 */
export const indexPaths = {
  directory: (experimentId: string) => `${ROOT}/experiments/${experimentId}/index/`,
  manifest: (experimentId: string) => `${ROOT}/experiments/${experimentId}/index/manifest.json`,
  segment: (experimentId: string, segmentId: string) =>
    `${ROOT}/experiments/${experimentId}/index/${segmentId}/`,
  legacySummary: (experimentId: string) => `${ROOT}/experiments/${experimentId}/summary.json`,
};

/** The manifest: segments oldest first; a run in a later segment replaces its row in earlier ones. */
export interface Manifest {
  format: 2;
  segments: SegmentMeta[];
}

/** The bytes of a manifest. */
export function encodeManifest(manifest: Manifest): Uint8Array {
  return textToBytes(JSON.stringify(manifest));
}

function isSegmentMeta(value: unknown): value is SegmentMeta {
  const meta = value as SegmentMeta;
  return (
    typeof meta?.id === 'string' &&
    Number.isInteger(meta.rows) &&
    Number.isInteger(meta.packs) &&
    Array.isArray(meta.fields) &&
    meta.fields.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        Number.isInteger(entry[1]) &&
        Number.isInteger(entry[2]),
    )
  );
}

/** The manifest in some bytes, or `undefined` when they are not one. */
export function decodeManifest(bytes: Uint8Array): Manifest | undefined {
  let decoded: Manifest;
  try {
    decoded = JSON.parse(bytesToText(bytes)) as Manifest;
  } catch {
    return undefined;
  }
  if (decoded?.format !== 2 || !Array.isArray(decoded.segments) || !decoded.segments.every(isSegmentMeta))
    return undefined;
  return decoded;
}

/** The runs of a format-1 JSON snapshot (non-finite metric values written as strings), or `undefined`. */
export function decodeLegacySummary(bytes: Uint8Array): Run[] | undefined {
  let decoded: { format?: number; runs?: Run[] };
  try {
    decoded = JSON.parse(bytesToText(bytes));
  } catch {
    return undefined;
  }
  if (decoded?.format !== 1 || !Array.isArray(decoded.runs)) return undefined;
  for (const run of decoded.runs) {
    for (const point of Object.values(run.metrics)) {
      if (typeof point.value === 'string') point.value = Number(point.value);
    }
  }
  return decoded.runs;
}
