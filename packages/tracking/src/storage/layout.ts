/**
 * Where the storage backend keeps things in a `StorageAdapter` (all under `tracking/`):
 *
 * - `experiment-names/<name>` → `{ id }`, created with `ifNotExists` (unique names)
 * - `experiments/<id>/experiment.json` — the experiment document
 * - `experiments/<id>/changes/<uuidv7>~<runId>` — one empty marker per run-document write
 * - `experiments/<id>/index/…` — the columnar search index (see `index/manifest.ts`)
 * - `runs/<id>/run.json` — the run document (params, latest metrics, tags, attributes)
 * - `runs/<id>/metrics/<key>/<uuidv7>.batch` — binary metric batches, one per key per flush
 * - `runs/<id>/artifacts/<path>` — artifacts
 *
 * Only the storage backend knows this layout; the domain layer (`createTracker`) never builds a key.
 */
export const ROOT = 'tracking';

/** Encodes a user name (metric key, experiment name) as one part of a storage key (`/`, `%`, space, `:` escaped). */
export function encodeKeyPart(value: string): string {
  return encodeURIComponent(value);
}

/** Inverse of {@link encodeKeyPart}. */
export function decodeKeyPart(value: string): string {
  return decodeURIComponent(value);
}

/** Storage keys of everything tracking writes (see the layout above). */
export const paths = {
  nameIndexPrefix: `${ROOT}/experiment-names/`,
  nameIndex: (name: string) => `${ROOT}/experiment-names/${encodeKeyPart(name)}`,
  experimentsPrefix: `${ROOT}/experiments/`,
  experiment: (id: string) => `${ROOT}/experiments/${id}/experiment.json`,
  changesPrefix: (experimentId: string) => `${ROOT}/experiments/${experimentId}/changes/`,
  change: (experimentId: string, marker: string, runId: string) =>
    `${ROOT}/experiments/${experimentId}/changes/${marker}~${runId}`,
  run: (id: string) => `${ROOT}/runs/${id}/run.json`,
  metricPrefix: (runId: string, key: string) => `${ROOT}/runs/${runId}/metrics/${encodeKeyPart(key)}/`,
  metricsPrefix: (runId: string) => `${ROOT}/runs/${runId}/metrics/`,
  metricBatch: (runId: string, key: string, batchId: string) =>
    `${ROOT}/runs/${runId}/metrics/${encodeKeyPart(key)}/${batchId}.batch`,
  artifactsPrefix: (runId: string) => `${ROOT}/runs/${runId}/artifacts/`,
  artifact: (runId: string, path: string) => `${ROOT}/runs/${runId}/artifacts/${path}`,
};
