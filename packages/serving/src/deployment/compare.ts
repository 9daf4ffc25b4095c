import { twoProportionZTest, welchTTest } from '../stats/outcomes.ts';
import { checkOptionKeys, describe, errors } from './errors.ts';
import type { RouteState } from './route-state.ts';
import type { CompareOptions, CompareResult } from './types.ts';

/**
 * Compares two routes' reported outcomes: a two-proportion z-test when both hold only 0/1 outcomes, else Welch's
 * t-test. A test that cannot be computed yet (no outcomes, no variance) gives `pValue: NaN`, not significant.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad `alpha` or `test`, or a z-test asked of non-0/1 outcomes.
 */
export function compareRoutes(a: RouteState, b: RouteState, input: unknown): CompareResult {
  const options = checkCompareOptions(input);
  const alpha = options.alpha ?? 0.05;
  const binary = a.outcomes.binary && b.outcomes.binary;
  const test = options.test ?? (binary ? 'z-test' : 'welch-t');
  if (test === 'z-test' && !binary) {
    throw errors.invalid('compare options', {
      path: 'test',
      message: 'a z-test compares 0/1 outcomes; these routes have other values, use welch-t',
    });
  }
  const result =
    test === 'z-test' ? twoProportionZTest(a.outcomes, b.outcomes) : welchTTest(a.outcomes, b.outcomes);
  const mean = (route: RouteState) => (route.outcomes.count ? route.outcomes.mean : Number.NaN);
  return {
    test,
    a: { route: a.name, count: a.outcomes.count, mean: mean(a) },
    b: { route: b.name, count: b.outcomes.count, mean: mean(b) },
    difference: mean(a) - mean(b),
    statistic: result.statistic,
    pValue: result.pValue,
    ...(result.degreesOfFreedom === undefined ? {} : { degreesOfFreedom: result.degreesOfFreedom }),
    alpha,
    significant: result.pValue < alpha,
  };
}

function checkCompareOptions(input: unknown): CompareOptions {
  const options = checkOptionKeys(input, ['alpha', 'test'], 'compare options');
  const { alpha, test } = options;
  if (alpha !== undefined && !(typeof alpha === 'number' && alpha > 0 && alpha < 1)) {
    throw errors.invalid('compare options', {
      path: 'alpha',
      message: `must be in (0, 1), got ${describe(alpha)}`,
    });
  }
  if (test !== undefined && test !== 'z-test' && test !== 'welch-t') {
    throw errors.invalid('compare options', { path: 'test', message: 'must be "z-test" or "welch-t"' });
  }
  return options as CompareOptions;
}
