// The checks every public entry of a deployment runs before any work.
import * as z from 'zod/mini';
import type { Model } from '../model/types.ts';
import { describe, errors, ROUTE_NAME } from './errors.ts';
import type { DeploymentOptions } from './types.ts';

const fn = () =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'must be a function');
const finite = () => z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const routeName = () =>
  z
    .string()
    .check(
      z.regex(ROUTE_NAME, 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit'),
    );
const model = () =>
  z.custom<Model>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Model).predict === 'function' &&
      typeof (value as Model).dispose === 'function' &&
      typeof (value as Model).signature === 'object' &&
      (value as Model).signature !== null,
    'must be a Model (signature, predict, dispose), as loadModel returns',
  );
const timeoutMs = () => z.optional(finite().check(z.positive(), z.maximum(2_147_483_647)));

const OptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
    routes: z
      .array(
        z.strictObject({
          name: routeName(),
          model: model(),
          weight: z.optional(finite().check(z.nonnegative())),
        }),
      )
      .check(z.minLength(1), z.maxLength(64)),
    shadow: z.optional(
      z
        .array(
          z.strictObject({
            name: routeName(),
            model: model(),
            percent: z.optional(finite().check(z.minimum(0), z.maximum(100))),
          }),
        )
        .check(z.maxLength(16)),
    ),
    stickyKey: z.optional(fn()),
    bandit: z.optional(
      z.strictObject({
        strategy: z.enum(['thompson', 'epsilon-greedy']),
        epsilon: z.optional(finite().check(z.minimum(0), z.maximum(1))),
      }),
    ),
    batching: z.optional(
      z.strictObject({
        maxBatchSize: z.optional(z.int().check(z.positive())),
        maxQueueDelayMs: z.optional(finite().check(z.nonnegative())),
        maxQueueSize: z.optional(z.int().check(z.positive())),
        queueTimeoutMs: z.optional(finite().check(z.positive())),
        maxConcurrency: z.optional(z.int().check(z.positive(), z.maximum(1024))),
      }),
    ),
    fallback: z.optional(
      z.union([
        z.strictObject({ route: routeName(), timeoutMs: timeoutMs() }),
        z.strictObject({
          value: z.custom<object>((value) => typeof value === 'object' && value !== null, 'must be outputs'),
          timeoutMs: timeoutMs(),
        }),
      ]),
    ),
    featureLookup: z.optional(fn()),
    onPrediction: z.optional(fn()),
    onEvent: z.optional(fn()),
    watch: z.optional(
      z.strictObject({
        registry: z.custom<object>(
          (value) =>
            typeof value === 'object' &&
            value !== null &&
            typeof (value as { watchAlias?: unknown }).watchAlias === 'function',
          'must be a registry (with watchAlias)',
        ),
        uri: z
          .string()
          .check(z.regex(/^models:\/[^@/]+@[^@/]+$/, 'must be an alias URI: models:/name@alias')),
        intervalMs: z.optional(z.int().check(z.positive(), z.maximum(2_147_483_647))),
        route: z.optional(routeName()),
        load: z.optional(fn()),
        loadOptions: z.optional(
          z.custom<object>(
            (value) => typeof value === 'object' && value !== null,
            'must be loadModel options',
          ),
        ),
      }),
    ),
    canary: z.optional(
      z.strictObject({
        route: routeName(),
        steps: z.optional(
          z.array(finite().check(z.positive(), z.maximum(100))).check(z.minLength(1), z.maxLength(100)),
        ),
        holdRequests: z.optional(z.int().check(z.positive())),
        holdMs: z.optional(finite().check(z.nonnegative())),
        guards: z.optional(
          z.strictObject({
            maxErrorRate: z.optional(finite().check(z.minimum(0), z.maximum(1))),
            maxP95LatencyMs: z.optional(finite().check(z.positive())),
            minOutcome: z.optional(finite()),
            minRequests: z.optional(z.int().check(z.positive())),
          }),
        ),
      }),
    ),
    clock: z.optional(
      z.custom<object>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { now?: unknown }).now === 'function',
        'must be a Clock ({ now() })',
      ),
    ),
    random: z.optional(fn()),
    maxShadowInFlight: z.optional(z.int().check(z.positive(), z.maximum(1_000_000))),
    maxPendingRewards: z.optional(z.int().check(z.positive(), z.maximum(100_000_000))),
  }),
);

/**
 * Checks `createDeployment` options: the schema, then what it cannot say (distinct names, known routes, one
 * routing mode, some traffic).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the offending field.
 */
export function checkDeploymentOptions<Request>(input: unknown): DeploymentOptions<Request> {
  const options = errors.parse(
    OptionsSchema,
    input,
    'createDeployment options',
  ) as DeploymentOptions<Request>;
  const names = new Set<string>();
  for (const [index, entry] of [...options.routes, ...(options.shadow ?? [])].entries()) {
    if (names.has(entry.name)) {
      const where =
        index < options.routes.length ? `routes.${index}` : `shadow.${index - options.routes.length}`;
      throw errors.invalid('createDeployment options', {
        path: `${where}.name`,
        message: `duplicate route name ${describe(entry.name)}; give every route and shadow its own name`,
      });
    }
    names.add(entry.name);
  }
  const routeNames = options.routes.map((route) => route.name);
  const known = (path: string, name: string | undefined) => {
    if (name !== undefined && !routeNames.includes(name)) {
      throw errors.invalid('createDeployment options', {
        path,
        message: `unknown route ${describe(name)}; routes: ${routeNames.join(', ')}`,
      });
    }
  };
  if (options.fallback && 'route' in options.fallback) known('fallback.route', options.fallback.route);
  known('watch.route', options.watch?.route);
  known('canary.route', options.canary?.route);
  const canary = options.canary;
  if (canary) {
    if (canary.holdRequests === undefined && canary.holdMs === undefined) {
      throw errors.invalid('createDeployment options', {
        path: 'canary',
        message: 'give holdRequests or holdMs (how long each step holds)',
      });
    }
    const steps = canary.steps ?? [];
    for (let index = 1; index < steps.length; index++) {
      if (steps[index]! <= steps[index - 1]!) {
        throw errors.invalid('createDeployment options', {
          path: `canary.steps.${index}`,
          message: 'steps must increase',
        });
      }
    }
    if (!options.routes.some((route) => route.name !== canary.route && (route.weight ?? 1) > 0)) {
      throw errors.invalid('createDeployment options', {
        path: 'canary',
        message: 'a canary needs another route with a positive weight to take the rest of the traffic',
      });
    }
  }
  if (options.bandit && (options.stickyKey || options.canary)) {
    throw errors.invalid('createDeployment options', {
      path: 'bandit',
      message: 'a bandit chooses routes itself; drop stickyKey and canary, or the bandit',
    });
  }
  if (!options.bandit && !options.canary && options.routes.every((route) => (route.weight ?? 1) === 0)) {
    throw errors.invalid('createDeployment options', {
      path: 'routes',
      message: 'every weight is 0; give at least one route a positive weight',
    });
  }
  return options;
}

/** Checks a route name argument and that the route exists. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkRouteArgument(value: unknown, known: readonly string[], subject: string): string {
  if (typeof value !== 'string' || !known.includes(value)) {
    throw errors.invalid(subject, {
      path: '',
      message: `unknown route ${describe(value)}; routes: ${known.join(', ')}`,
    });
  }
  return value;
}
