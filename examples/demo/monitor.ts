// The drift monitor fed by the deployment's onPrediction: every answered request's model inputs and score go
// into tumbling windows compared with the training profile; two drifted windows in a row trigger retraining.
import { createDriftMonitor, createProfile, type DriftWindowResult, type Profile } from '@plinth/monitoring';
import type { PredictionEvent } from '@plinth/serving';
import { FEATURE_NAMES } from './features.ts';
import type { Matrix } from './model.ts';
import type { TransactionRequest } from './online.ts';

export const MONITOR_WINDOW = 1000;

/** A profile of the training inputs and the model's scores on them. */
export function referenceProfile(matrix: Matrix, scores: Float64Array): Profile {
  return createProfile({
    ...Object.fromEntries(FEATURE_NAMES.map((name, feature) => [name, matrix.columns[feature]!])),
    score: scores,
  });
}

export interface ServedRows {
  columns: Record<string, number[]>;
}

export function createServingMonitor(reference: Profile, onRetrain: (window: DriftWindowResult) => void) {
  const windows: DriftWindowResult[] = [];
  const served: ServedRows = {
    columns: Object.fromEntries([...FEATURE_NAMES, 'score'].map((name) => [name, []])),
  };
  let recording = false;
  const monitor = createDriftMonitor({
    reference,
    window: { size: MONITOR_WINDOW },
    onWindow: (result) => {
      windows.push(result);
    },
    alerts: [
      {
        name: 'dataset drift in 2 windows running',
        value: (result) => result.datasetDrift,
        consecutive: 2,
        onRetrain: (alert) => onRetrain(alert.result),
      },
    ],
  });
  return {
    windows,
    served,
    /** Keeps the rows observed from now on (for the drift report). */
    record() {
      recording = true;
    },
    observe(event: PredictionEvent<TransactionRequest>) {
      const inputs = (event.inputs.features as { data: Float32Array }).data;
      const score = (event.outputs.score!.data as Float32Array)[0]!;
      const row: Record<string, number> = { score };
      FEATURE_NAMES.forEach((name, feature) => {
        row[name] = inputs[feature]!;
      });
      monitor.observe(row);
      if (recording) for (const [name, value] of Object.entries(row)) served.columns[name]!.push(value);
    },
  };
}
