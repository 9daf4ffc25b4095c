import { monitoringValidationError } from '../profile/errors.ts';
import { type AlertRule, createAlertEvaluator } from './alerts.ts';
import { accuracy, precisionRecallF1, regressionErrors, rocAuc } from './metrics.ts';
import { checkWindow } from './window-options.ts';

/** Model-quality figures of one window of labelled predictions. */
export interface QualityWindowResult {
  window: { index: number; endedAt: number };
  /** Labelled predictions in the window. */
  count: number;
  /** Classification: accuracy, precision / recall / F1 of the positive class, ROC AUC (when scores were given). */
  accuracy?: number;
  precision?: number;
  recall?: number;
  f1?: number;
  rocAuc?: number;
  /** Regression. */
  rmse?: number;
  mae?: number;
  /** Predictions still waiting for their label. */
  pending: number;
}

/** Options of {@link createQualityMonitor}. */
export interface QualityMonitorOptions {
  task: 'classification' | 'regression';
  /** Labelled predictions per window. */
  window: { size: number };
  /** Labelled predictions between two reports (sliding); at most `window.size`. @default window.size (tumbling) */
  slide?: number;
  /** The positive class (classification), compared by string form. @default '1' */
  positiveLabel?: string | number | boolean;
  /** Most predictions kept waiting for a label; the oldest are dropped past it. @default 100000 */
  maxPending?: number;
  onWindow?: (result: QualityWindowResult) => void;
  alerts?: readonly AlertRule<QualityWindowResult>[];
  /** @default Date.now */
  now?: () => number;
}

/** A model-quality monitor with late labels; see {@link createQualityMonitor}. */
export interface QualityMonitor {
  /** Records a prediction (a class or a number) and, for ROC AUC, the positive-class score. */
  recordPrediction(id: string, prediction: string | number | boolean, score?: number): void;
  /** Records the true label of an earlier prediction; returns the window result it completed, if any. */
  recordLabel(id: string, label: string | number | boolean): QualityWindowResult | undefined;
  /** Predictions waiting for labels. */
  pending(): number;
  /** Closes the open window now. */
  flush(): QualityWindowResult | undefined;
}

/**
 * Monitors model quality when labels arrive late: predictions are held by id until their label comes, joined,
 * and every `window.size` labelled pairs yield accuracy, precision, recall, F1 and ROC AUC (classification) or
 * RMSE and MAE (regression), with alert rules (e.g. retrain when F1 stays below 0.8 for 3 windows).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad window, or a regression prediction or label that is not a number.
 * @example
 * ```ts
 * const quality = createQualityMonitor({ task: 'classification', window: { size: 1000 },
 *   alerts: [{ name: 'f1', value: (r) => r.f1 ?? 1, threshold: 0.8, direction: 'below', consecutive: 3, onRetrain }] });
 * quality.recordPrediction(id, predictedClass, probability);
 * quality.recordLabel(id, actualClass); // later
 * ```
 */
export function createQualityMonitor(options: QualityMonitorOptions): QualityMonitor {
  const size = options.window.size;
  const slide = checkWindow(options.window, options.slide, 'createQualityMonitor');
  let sinceReport = 0;
  const positive = String(options.positiveLabel ?? '1');
  const maxPending = options.maxPending ?? 100_000;
  const now = options.now ?? Date.now;
  const alerts = createAlertEvaluator(options.alerts ?? []);
  const waiting = new Map<string, { prediction: string | number | boolean; score: number | undefined }>();
  let labels: Array<string | number | boolean> = [];
  let predictions: Array<string | number | boolean> = [];
  let scores: Array<number | undefined> = [];
  let index = 0;

  function close(): QualityWindowResult | undefined {
    if (labels.length === 0) return undefined;
    const result: QualityWindowResult = {
      window: { index: index++, endedAt: now() },
      count: labels.length,
      pending: waiting.size,
    };
    if (options.task === 'regression') {
      Object.assign(result, regressionErrors(labels as number[], predictions as number[]));
    } else {
      const labelText = labels.map(String);
      const predictionText = predictions.map(String);
      result.accuracy = accuracy(labelText, predictionText);
      Object.assign(result, precisionRecallF1(labelText, predictionText, positive));
      if (scores.every((score) => score !== undefined)) {
        result.rocAuc = rocAuc(
          labelText.map((label) => label === positive),
          scores as number[],
        );
      }
    }
    // Keep the newest size - slide pairs for the next (sliding) window; none when tumbling.
    const keep = Math.max(labels.length - slide, 0);
    labels = labels.slice(labels.length - keep);
    predictions = predictions.slice(predictions.length - keep);
    scores = scores.slice(scores.length - keep);
    sinceReport = 0;
    options.onWindow?.(result);
    alerts.evaluate(result, result.window.endedAt);
    return result;
  }

  const checkNumber = (value: unknown, what: string) => {
    if (options.task === 'regression' && typeof value !== 'number') {
      throw monitoringValidationError(
        `createQualityMonitor: a regression ${what} must be a number, got ${JSON.stringify(value)}`,
      );
    }
  };

  return {
    recordPrediction(id, prediction, score) {
      checkNumber(prediction, 'prediction');
      waiting.set(id, { prediction, score });
      if (waiting.size > maxPending) waiting.delete(waiting.keys().next().value!);
    },
    recordLabel(id, label) {
      checkNumber(label, 'label');
      const entry = waiting.get(id);
      if (!entry) return undefined;
      waiting.delete(id);
      labels.push(label);
      predictions.push(entry.prediction);
      scores.push(entry.score);
      sinceReport++;
      return labels.length >= size && sinceReport >= slide ? close() : undefined;
    },
    pending: () => waiting.size,
    flush: close,
  };
}
