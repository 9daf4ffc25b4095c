// Checks of the arguments of predict, reward and setWeights (hot paths: plain checks, no schema).
import { checkOptionKeys, describe, errors } from './errors.ts';
import type { PendingRewards } from './pending-rewards.ts';
import type { RouteState } from './route-state.ts';

const NO_OPTIONS: { signal?: AbortSignal; route?: string } = Object.freeze({});

/** Checks `predict`'s options. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkPredictOptions(
  input: unknown,
  routeNames: readonly string[],
): { signal?: AbortSignal; route?: string } {
  if (input === undefined) return NO_OPTIONS;
  const options = checkOptionKeys(input, ['signal', 'route'], 'predict options');
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw errors.invalid('predict options', { path: 'signal', message: 'must be an AbortSignal' });
  }
  if (
    options.route !== undefined &&
    !(typeof options.route === 'string' && routeNames.includes(options.route))
  ) {
    throw errors.invalid('predict options', {
      path: 'route',
      message: `unknown route ${describe(options.route)}; routes: ${routeNames.join(', ')}`,
    });
  }
  return options as { signal?: AbortSignal; route?: string };
}

/**
 * Checks a reward and returns the route that answered the request.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad value; `PLINTH_NOT_FOUND` for an unknown, forgotten or
 * already rewarded request id.
 */
export function checkReward(
  requestId: unknown,
  value: unknown,
  pending: Pick<PendingRewards<RouteState>, 'get'>,
  unitInterval: boolean,
): RouteState {
  if (typeof requestId !== 'string') {
    throw errors.invalid('reward(requestId)', {
      path: '',
      message: `must be a string, got ${describe(requestId)}`,
    });
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || (unitInterval && (value < 0 || value > 1))) {
    throw errors.invalid('reward(value)', {
      path: '',
      message: `must be a finite number${unitInterval ? ' in [0, 1] (Thompson sampling)' : ''}, got ${describe(value)}`,
    });
  }
  const route = pending.get(requestId);
  if (!route) {
    throw errors.error(
      'PLINTH_NOT_FOUND',
      `no answered request ${describe(requestId)} waits for a reward (unknown, already rewarded or forgotten past maxPendingRewards)`,
    );
  }
  return route;
}

/**
 * Checks a weights update and returns every route's new weight.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown route, a negative or non-finite weight, or no traffic left.
 */
export function checkWeights(input: unknown, routes: readonly RouteState[], bandit: boolean): number[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw errors.invalid('setWeights(weights)', {
      path: '',
      message: `must be an object of route → weight, got ${describe(input)}`,
    });
  }
  const next = routes.map((route) => route.weight);
  for (const [name, weight] of Object.entries(input)) {
    const index = routes.findIndex((route) => route.name === name);
    if (index < 0) {
      throw errors.invalid('setWeights(weights)', {
        path: name,
        message: `unknown route; routes: ${routes.map((route) => route.name).join(', ')}`,
      });
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw errors.invalid('setWeights(weights)', {
        path: name,
        message: `must be a finite number ≥ 0, got ${describe(weight)}`,
      });
    }
    next[index] = weight;
  }
  if (!bandit && next.every((weight) => weight === 0)) {
    throw errors.invalid('setWeights(weights)', {
      path: '',
      message: 'every weight would be 0; keep one positive',
    });
  }
  return next;
}
