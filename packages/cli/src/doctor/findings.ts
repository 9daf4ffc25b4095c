/** Kinds of problems `plinth doctor` reports. */
export type FindingKind =
  | 'unreadable-document'
  | 'unreadable-metrics'
  | 'missing-experiment'
  | 'orphan-run-data'
  | 'stale-run'
  | 'missing-blob'
  | 'integrity'
  | 'orphan-blob'
  | 'leftover-upload';

/** One problem found in a store. */
export interface Finding {
  kind: FindingKind;
  /** `error`: data cannot be read or is inconsistent; `warning`: left behind, safe but worth cleaning up. */
  severity: 'error' | 'warning';
  /** The storage key concerned. */
  key: string;
  /** What is wrong and what to do. */
  message: string;
}

/** What `plinth doctor` looked at and found. */
export interface DoctorReport {
  dir: string;
  ok: boolean;
  checked: {
    keys: number;
    experiments: number;
    runs: number;
    metrics: number;
    models: number;
    versions: number;
    blobs: number;
    profiles: number;
  };
  problems: Finding[];
}
