import { describe, expect, it } from 'vitest';
import { accuracy, precisionRecallF1, regressionErrors, rocAuc } from './metrics.ts';

describe('model-quality metrics (hand-computed)', () => {
  const labels = ['1', '0', '1', '1', '0', '0', '1', '0'];
  const predictions = ['1', '0', '0', '1', '1', '0', '1', '0'];

  it('accuracy, precision, recall and F1', () => {
    // TP = 3 (rows 0, 3, 6), FP = 1 (row 4), FN = 1 (row 2), TN = 3
    expect(accuracy(labels, predictions)).toBe(6 / 8);
    const { precision, recall, f1 } = precisionRecallF1(labels, predictions, '1');
    expect(precision).toBe(3 / 4);
    expect(recall).toBe(3 / 4);
    expect(f1).toBeCloseTo(0.75, 15);
    expect(precisionRecallF1(['0', '0'], ['0', '0'], '1')).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('ROC AUC: share of positive–negative pairs ranked correctly, ties counting half', () => {
    // positives scored 0.9, 0.4, 0.7; negatives 0.3, 0.4, 0.1
    // pairs: 0.9 beats 3; 0.7 beats 3; 0.4 beats 0.3 and 0.1, ties 0.4 → 2.5; total 8.5 / 9
    const positives = [true, true, true, false, false, false];
    const scores = [0.9, 0.4, 0.7, 0.3, 0.4, 0.1];
    expect(rocAuc(positives, scores)).toBeCloseTo(8.5 / 9, 15);
    expect(rocAuc([true, false], [0.2, 0.8])).toBe(0);
    expect(rocAuc([true, true], [0.2, 0.8])).toBeNaN();
  });

  it('RMSE and MAE', () => {
    // errors: 1, -2, 0, 3 → squares 1 + 4 + 0 + 9 = 14
    const { rmse, mae } = regressionErrors([1, 2, 3, 4], [2, 0, 3, 7]);
    expect(rmse).toBeCloseTo(Math.sqrt(14 / 4), 15);
    expect(mae).toBe(6 / 4);
  });
});
