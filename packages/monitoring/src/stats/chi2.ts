// Chi-square survival function for integer degrees of freedom, by the closed-form Poisson / erfc series.
import { describe, invalid } from '../errors.ts';
import { erfc } from './normal.ts';

/** Largest dof accepted: the finite series costs dof / 2 terms. */
const MAX_DOF = 10_000_000;

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/**
 * Survival function of the chi-square distribution, P(X ≥ x) for X ~ χ²(dof) (scipy.stats.chi2.sf).
 *
 * Integer `dof` only, by the exact finite series: even dof = 2k gives e^(−x/2) Σ_{i<k} (x/2)^i / i!; odd
 * dof = 2k + 1 adds erfc(√(x/2)) to the half-integer series. Every term is positive, so the tail keeps full
 * relative precision (no 1 − cdf cancellation).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when `dof` is not a whole number from 1 to 10⁷.
 * @example
 * ```ts
 * chi2Sf(3.841458820694124, 1); // 0.05
 * ```
 */
export function chi2Sf(x: number, dof: number): number {
  if (!Number.isInteger(dof) || dof < 1 || dof > MAX_DOF) {
    throw invalid(
      `chi-square degrees of freedom must be a whole number from 1 to ${MAX_DOF}, got ${describe(dof)}`,
      {
        argument: 'dof',
      },
    );
  }
  if (typeof x !== 'number')
    throw invalid(`chi-square x must be a number, got ${typeof x}`, { argument: 'x' });
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const half = x / 2;
  const logHalf = Math.log(half);
  const terms = dof >> 1;
  let sum = 0;
  if (dof % 2 === 0) {
    let logFactorial = 0;
    for (let index = 0; index < terms; index++) {
      if (index > 0) logFactorial += Math.log(index);
      sum += Math.exp(-half + index * logHalf - logFactorial);
    }
    return Math.min(1, sum);
  }
  let logGamma = LOG_SQRT_PI; // ln Γ(1/2)
  for (let index = 0; index < terms; index++) {
    logGamma += Math.log(index + 0.5); // ln Γ(index + 3/2)
    sum += Math.exp(-half + (index + 0.5) * logHalf - logGamma);
  }
  return Math.min(1, erfc(Math.sqrt(half)) + sum);
}
