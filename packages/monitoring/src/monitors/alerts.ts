import { checkArrayLike, checkFunction, checkNumber, checkOptions, describe, invalid } from '../errors.ts';

const RULE_KEYS = [
  'name',
  'value',
  'threshold',
  'direction',
  'consecutive',
  'cooldownMs',
  'onAlert',
  'onRetrain',
];

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
  checkArrayLike(rules, 'alerts');
  const state = Array.from(rules, (rule, index) => {
    const where = `alerts[${index}]`;
    if (rule === null || typeof rule !== 'object') {
      throw invalid(`${where} must be an alert rule object, got ${describe(rule)}`, { argument: where });
    }
    checkOptions(rule, RULE_KEYS, where);
    if (typeof rule.name !== 'string' || rule.name.length === 0 || rule.name.length > 1000) {
      throw invalid(`${where}.name must be a non-empty string, got ${describe(rule.name)}`, {
        argument: where,
      });
    }
    if (typeof rule.value !== 'function') {
      throw invalid(`alert rule "${rule.name}" needs value: (result) => number | boolean`, {
        argument: where,
      });
    }
    checkFunction(rule.onAlert, `${where}.onAlert`);
    checkFunction(rule.onRetrain, `${where}.onRetrain`);
    if (rule.threshold !== undefined) checkNumber(rule.threshold, `alert rule "${rule.name}" threshold`);
    if (rule.direction !== undefined && rule.direction !== 'above' && rule.direction !== 'below') {
      throw invalid(
        `alert rule "${rule.name}" direction must be 'above' or 'below', got ${describe(rule.direction)}`,
        {
          argument: where,
        },
      );
    }
    const consecutive = checkNumber(rule.consecutive ?? 1, `alert rule "${rule.name}" consecutive`, {
      min: 1,
      max: 1_000_000,
      integer: true,
    });
    const cooldownMs = checkNumber(rule.cooldownMs ?? 0, `alert rule "${rule.name}" cooldownMs`, { min: 0 });
    return { rule, consecutive, cooldownMs, streak: 0, quietUntil: Number.NEGATIVE_INFINITY };
  });
  return {
    evaluate(result, now) {
      const fired: Alert<R>[] = [];
      for (const entry of state) {
        const raw = entry.rule.value(result);
        const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
        if (typeof value !== 'number') {
          throw invalid(
            `alert rule "${entry.rule.name}" value() returned ${describe(raw)}; return a number or a boolean`,
          );
        }
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
