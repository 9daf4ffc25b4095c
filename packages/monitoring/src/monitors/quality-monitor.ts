import type { Clock } from '@plinth/core';
import { checkFunction, checkNumber, checkOptions, describe, invalid, isPlainObject } from '../errors.ts';
import { type AlertRule, createAlertEvaluator } from './alerts.ts';
import { accuracy, precisionRecallF1, regressionErrors, rocAuc } from './metrics.ts';
import { checkClock, checkWindow } from './window-options.ts';

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
  /** Called with every window result. */
  onWindow?: (result: QualityWindowResult) => void;
  /** Alert rules evaluated on every window. */
  alerts?: readonly AlertRule<QualityWindowResult>[];
  /** Clock for window timestamps and alert cool-downs. @default systemClock */
  clock?: Clock;
}

function isLabel(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    (typeof value === 'number' && !Number.isNaN(value)) ||
    typeof value === 'boolean'
  );
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
export function createQualityMonitor(input: QualityMonitorOptions): QualityMonitor {
  if (!isPlainObject(input)) {
    throw invalid(
      `createQualityMonitor options must be an object with a task and a window, got ${describe(input)}`,
      {
        argument: 'options',
      },
    );
  }
  const options = checkOptions(
    input,
    ['task', 'window', 'slide', 'positiveLabel', 'maxPending', 'onWindow', 'alerts', 'clock'],
    'createQualityMonitor options',
  );
  if (options.task !== 'classification' && options.task !== 'regression') {
    throw invalid(
      `createQualityMonitor task must be 'classification' or 'regression', got ${describe(options.task)}`,
      {
        argument: 'task',
      },
    );
  }
  const slide = checkWindow(options.window, options.slide, 'createQualityMonitor', ['size']);
  const size = options.window.size;
  if (options.positiveLabel !== undefined && !isLabel(options.positiveLabel)) {
    throw invalid(
      `createQualityMonitor positiveLabel must be a string, number or boolean, got ${describe(options.positiveLabel)}`,
      {
        argument: 'positiveLabel',
      },
    );
  }
  if (options.maxPending !== undefined) {
    checkNumber(options.maxPending, 'createQualityMonitor maxPending', {
      min: 1,
      max: 100_000_000,
      integer: true,
    });
  }
  checkFunction(options.onWindow, 'onWindow');
  let sinceReport = 0;
  const positive = String(options.positiveLabel ?? '1');
  const maxPending = options.maxPending ?? 100_000;
  const clock = checkClock(options.clock, 'createQualityMonitor');
  const now = () => clock.now();
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

  const checkValue = (value: unknown, what: string) => {
    if (
      options.task === 'regression' ? typeof value !== 'number' || !Number.isFinite(value) : !isLabel(value)
    ) {
      throw invalid(
        `createQualityMonitor: a ${options.task} ${what} must be ${options.task === 'regression' ? 'a finite number' : 'a string, number or boolean'}, got ${describe(value)}`,
        { argument: what },
      );
    }
  };
  const checkId = (id: unknown) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > 1000) {
      throw invalid(
        `createQualityMonitor: a prediction id must be a non-empty string of at most 1000 characters, got ${describe(id)}`,
        {
          argument: 'id',
        },
      );
    }
  };

  return {
    recordPrediction(id, prediction, score) {
      checkId(id);
      checkValue(prediction, 'prediction');
      if (score !== undefined) checkNumber(score, 'createQualityMonitor score');
      waiting.set(id, { prediction, score });
      if (waiting.size > maxPending) waiting.delete(waiting.keys().next().value!);
    },
    recordLabel(id, label) {
      checkId(id);
      checkValue(label, 'label');
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
