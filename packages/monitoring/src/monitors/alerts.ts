import { monitoringValidationError } from '../profile/errors.ts';

/** An alert raised by a rule. */
export interface Alert<R> {
  /** The rule's name. */
  rule: string;
  /** The value that crossed the threshold. */
  value: number;
  threshold: number;
  /** Consecutive breaching windows so far. */
  consecutive: number;
  /** When it fired (epoch ms). */
  at: number;
  /** The window result that fired it. */
  result: R;
}

/** An alert rule over window results: threshold, N consecutive windows, cool-down. */
export interface AlertRule<R> {
  /** Name shown in alerts. */
  name: string;
  /** The figure the rule watches (a boolean counts as 1 or 0). */
  value: (result: R) => number | boolean;
  /** Threshold the value is compared with. @default 0.5 (so a boolean `true` breaches) */
  threshold?: number;
  /** `above`: breach when value ≥ threshold; `below`: when value ≤ threshold. @default 'above' */
  direction?: 'above' | 'below';
  /** Breaching windows in a row needed to fire. @default 1 */
  consecutive?: number;
  /** After firing, stay quiet this long (ms); breaches still count. @default 0 */
  cooldownMs?: number;
  /** Called when the rule fires. */
  onAlert?: (alert: Alert<R>) => void;
  /** Retraining trigger: called when the rule fires, after `onAlert`. */
  onRetrain?: (alert: Alert<R>) => void;
}

/** Evaluates alert rules on each window result. */
export interface AlertEvaluator<R> {
  /** Feeds one window result; returns the alerts it fired. */
  evaluate(result: R, now: number): Alert<R>[];
}

/**
 * Builds an evaluator for alert rules (threshold, N consecutive windows, cool-down) that calls each rule's
 * callbacks when it fires.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a rule with a bad `consecutive` or `cooldownMs`.
 * @example
 * ```ts
 * const alerts = createAlertEvaluator([{ name: 'drift', value: (r) => r.datasetDrift, consecutive: 3, onRetrain }]);
 * ```
 */
export function createAlertEvaluator<R>(rules: readonly AlertRule<R>[] = []): AlertEvaluator<R> {
  const state = rules.map((rule) => {
    const consecutive = rule.consecutive ?? 1;
    const cooldownMs = rule.cooldownMs ?? 0;
    if (!(Number.isInteger(consecutive) && consecutive >= 1)) {
      throw monitoringValidationError(
        `alert rule "${rule.name}" has consecutive ${consecutive}; pass a whole number ≥ 1`,
      );
    }
    if (!(cooldownMs >= 0)) {
      throw monitoringValidationError(
        `alert rule "${rule.name}" has cooldownMs ${cooldownMs}; pass a number ≥ 0`,
      );
    }
    return { rule, consecutive, cooldownMs, streak: 0, quietUntil: Number.NEGATIVE_INFINITY };
  });
  return {
    evaluate(result, now) {
      const fired: Alert<R>[] = [];
      for (const entry of state) {
        const raw = entry.rule.value(result);
        const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
        const threshold = entry.rule.threshold ?? 0.5;
        const breach = entry.rule.direction === 'below' ? value <= threshold : value >= threshold;
        entry.streak = breach ? entry.streak + 1 : 0;
        if (!breach || entry.streak < entry.consecutive || now < entry.quietUntil) continue;
        const alert: Alert<R> = {
          rule: entry.rule.name,
          value,
          threshold,
          consecutive: entry.streak,
          at: now,
          result,
        };
        entry.quietUntil = now + entry.cooldownMs;
        fired.push(alert);
        entry.rule.onAlert?.(alert);
        entry.rule.onRetrain?.(alert);
      }
      return fired;
    },
  };
}
