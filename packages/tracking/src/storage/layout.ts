/**
 * Where tracking keeps things in a `StorageAdapter` (all under `tracking/`):
 *
 * - `experiment-names/<name>` → `{ id }`, created with `ifNotExists` (unique names)
 * - `experiments/<id>/experiment.json` — the experiment document
 * - `experiments/<id>/changes/<uuidv7>~<runId>` — one empty marker per run-document write
 * - `experiments/<id>/summary.json` — compacted snapshot of every run document of the experiment
 * - `runs/<id>/run.json` — the run document (params, latest metrics, tags, attributes)
 * - `runs/<id>/metrics/<key>/<uuidv7>.seg` — binary metric segments, one per key per flush
 * - `runs/<id>/artifacts/<path>` — artifacts
 */
export const ROOT = 'tracking';

/** Encodes a metric key or name as one storage-key segment (`/`, `%`, space and `:` escaped). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}

/** Inverse of {@link encodeSegment}. */
export function decodeSegment(value: string): string {
  return decodeURIComponent(value);
}

/** Storage keys of everything tracking writes (see the layout above). */
export const paths = {
  nameIndexPrefix: `${ROOT}/experiment-names/`,
  nameIndex: (name: string) => `${ROOT}/experiment-names/${encodeSegment(name)}`,
  experimentsPrefix: `${ROOT}/experiments/`,
  experiment: (id: string) => `${ROOT}/experiments/${id}/experiment.json`,
  changesPrefix: (experimentId: string) => `${ROOT}/experiments/${experimentId}/changes/`,
  change: (experimentId: string, marker: string, runId: string) =>
    `${ROOT}/experiments/${experimentId}/changes/${marker}~${runId}`,
  summary: (experimentId: string) => `${ROOT}/experiments/${experimentId}/summary.json`,
  run: (id: string) => `${ROOT}/runs/${id}/run.json`,
  metricPrefix: (runId: string, key: string) => `${ROOT}/runs/${runId}/metrics/${encodeSegment(key)}/`,
  metricsPrefix: (runId: string) => `${ROOT}/runs/${runId}/metrics/`,
  segment: (runId: string, key: string, segmentId: string) =>
    `${ROOT}/runs/${runId}/metrics/${encodeSegment(key)}/${segmentId}.seg`,
  artifactsPrefix: (runId: string) => `${ROOT}/runs/${runId}/artifacts/`,
  artifact: (runId: string, path: string) => `${ROOT}/runs/${runId}/artifacts/${path}`,
};
