import { PlinthError } from '@plinth/core';
import { enqueueOn } from '../batching/create-batcher.ts';
import { preciseClock } from '../internal/precise-clock.ts';
import type { LoadModel } from '../model/load-model.ts';
import type { Model, ModelInputs, ModelOutputs } from '../model/types.ts';
import { addOutcome } from '../stats/outcomes.ts';
import { checkPredictOptions, checkReward, checkWeights } from './arguments.ts';
import { epsilonGreedyChoice, thompsonChoice } from './bandit.ts';
import { wrapForBatching } from './batching.ts';
import { type Canary, createCanary } from './canary.ts';
import { compareRoutes } from './compare.ts';
import { errors } from './errors.ts';
import { createEvents } from './events.ts';
import { keyPosition, pickByWeight } from './hash.ts';
import { deploymentMetrics } from './metrics.ts';
import { pendingRewards } from './pending-rewards.ts';
import { createRouteState, findRoute, type RouteState } from './route-state.ts';
import { createShadows } from './shadows.ts';
import { disposeSlot, drained, leaveSlot, runOnSlot, type Slot } from './slots.ts';
import type {
  CreateDeployment,
  Deployment,
  DeploymentOptions,
  DeploymentStats,
  PredictionResult,
} from './types.ts';
import { checkDeploymentOptions, checkRouteArgument } from './validate.ts';
import { startWatch } from './watch.ts';

/** `createDeployment` with the `loadModel` of the runtime's entry (hot swaps load through it). */
export function createDeploymentWith<Request = ModelInputs>(
  loadModel: LoadModel,
  input: DeploymentOptions<Request>,
): Deployment<Request> {
  const options = checkDeploymentOptions<Request>(input);
  const clock = options.clock ?? preciseClock;
  const random = options.random ?? Math.random;
  const name = options.name ?? options.routes[0]!.model.modelName ?? 'model';
  const wrap = wrapForBatching(options.batching, clock);
  const routes = options.routes.map((route) =>
    createRouteState(route.name, route.weight ?? 1, wrap(route.model), route.model),
  );
  const shadows = (options.shadow ?? []).map((shadow) =>
    createRouteState(shadow.name, shadow.percent ?? 100, wrap(shadow.model), shadow.model),
  );
  const routeNames = routes.map((route) => route.name);
  const events = createEvents(options.onEvent);
  const maxPending = options.maxPendingRewards ?? 100_000;
  const shadowCopies = createShadows({
    shadows,
    random,
    maxInFlight: options.maxShadowInFlight ?? 256,
    clock,
    events,
  });
  const pending = pendingRewards<RouteState>(maxPending);
  const canary: Canary | undefined = options.canary ? createCanary(options.canary, clock.now()) : undefined;
  let bandit = options.bandit;
  let previousWeights: number[] | undefined;
  let fallbacks = 0;
  let closed = false;

  function emitAll(list: readonly Parameters<typeof events.emit>[0][]) {
    for (const event of list) {
      if (event.type === 'rollback') findRoute(routes, event.route)!.weight = 0;
      if (event.type === 'canary-complete') {
        previousWeights = routes.map((route) => (route.name === event.route ? 0 : route.weight));
        for (const route of routes) route.weight = route.name === event.route ? 1 : 0;
      }
      events.emit(event);
    }
  }

  /** Traffic share of each route now (the canary's percent for its route, the rest by weight), in `into`. */
  function trafficWeights(into: number[] = new Array<number>(routes.length)): number[] {
    const percent = canary?.percent();
    if (percent === undefined) {
      for (let index = 0; index < routes.length; index++) into[index] = routes[index]!.weight;
      return into;
    }
    let others = 0;
    for (const route of routes) if (route.name !== canary!.route) others += route.weight;
    for (let index = 0; index < routes.length; index++) {
      const route = routes[index]!;
      into[index] =
        route.name === canary!.route ? percent : others > 0 ? ((100 - percent) * route.weight) / others : 0;
    }
    return into;
  }
  /** Reused by every request's route choice (no array per request). */
  const shares = new Array<number>(routes.length);

  function chooseRoute(request: Request, forced: string | undefined): RouteState {
    if (forced !== undefined) return findRoute(routes, forced)!;
    if (bandit) {
      const index =
        bandit.strategy === 'thompson'
          ? thompsonChoice(
              routes.map((route) => route.arm),
              random,
            )
          : epsilonGreedyChoice(
              routes.map((route) => route.outcomes),
              bandit.epsilon ?? 0.1,
              random,
            );
      return routes[index]!;
    }
    // one route and nothing that reweighs it: no draw
    if (routes.length === 1 && !canary && routes[0]!.weight > 0) return routes[0]!;
    let position: number | undefined;
    if (options.stickyKey) {
      const key = options.stickyKey(request);
      if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) {
        position = keyPosition(String(key));
      }
    }
    const index = pickByWeight(trafficWeights(shares), position ?? random());
    if (index < 0) {
      throw errors.error('PLINTH_CONFLICT', 'no route takes traffic; give one a weight with setWeights()');
    }
    return routes[index]!;
  }

  function asServingError(error: unknown, what: string): unknown {
    if (PlinthError.is(error)) return error;
    return errors.error('PLINTH_INFERENCE', `${what} failed: ${String(error)}; see the cause`, {
      cause: error,
    });
  }

  /** Runs a route's model with the fallback's deadline: `PLINTH_TIMEOUT` past it, and the call is aborted. */
  function runWithTimeout(
    route: RouteState,
    slot: Slot,
    inputs: ModelInputs,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<ModelOutputs> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const running = runOnSlot(slot, (model) => model.predict(inputs, { signal: controller.signal }));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(errors.error('PLINTH_TIMEOUT', `route "${route.name}" took longer than ${timeoutMs} ms`));
        controller.abort();
      }, timeoutMs);
    });
    running.catch(() => undefined);
    return Promise.race([running, timeout]).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  }

  function settle(route: RouteState, failed: boolean, latencyMs: number) {
    route.requests += 1;
    if (failed) route.errors += 1;
    else route.latency.record(latencyMs);
    if (canary) emitAll(canary.onRequest(route.name, failed, latencyMs, clock.now()));
  }

  function answer(
    request: Request,
    route: RouteState,
    model: Model | undefined,
    sequence: number,
    inputs: ModelInputs,
    outputs: ModelOutputs,
    start: number,
    end: number,
    fallback?: 'route' | 'value',
  ): PredictionResult {
    const latencyMs = end - start;
    const requestId = pending.idOf(sequence);
    const modelVersion = model?.modelVersion;
    pending.add(sequence, route);
    if (options.onPrediction) {
      try {
        options.onPrediction({
          requestId,
          request,
          inputs,
          outputs,
          route: route.name,
          modelVersion,
          modelSource: model?.source,
          latencyMs,
          timestamp: end,
          ...(fallback ? { fallback } : {}),
        });
      } catch (error) {
        events.emit({ type: 'callback-error', callback: 'onPrediction', error });
      }
    }
    if (shadows.length > 0 && fallback !== 'value') shadowCopies.mirror(requestId, inputs);
    const result: PredictionResult = { outputs, route: route.name, modelVersion, latencyMs, requestId };
    if (fallback) result.fallback = fallback;
    return result;
  }

  function predict(request: Request, callOptions?: unknown): Promise<PredictionResult> {
    let signal: AbortSignal | undefined;
    let start: number;
    let route: RouteState;
    try {
      const checked = checkPredictOptions(callOptions, routeNames);
      signal = checked.signal;
      if (closed) throw errors.error('PLINTH_CLOSED', 'this deployment was closed; create a new one');
      start = clock.now();
      route = chooseRoute(request, checked.route);
    } catch (error) {
      return Promise.reject(error);
    }
    const sequence = pending.issue();
    const slot = route.slot;
    const enqueue =
      options.featureLookup || options.fallback?.timeoutMs !== undefined ? undefined : enqueueOn(slot.model);
    if (!enqueue) return predictOn(request, signal, route, sequence, start);
    // the batched path: the batcher calls back, no promise or async frame besides this one
    return new Promise<PredictionResult>((resolve, reject) => {
      const inputs = request as unknown as ModelInputs;
      slot.inFlight += 1;
      const done = (outputs: ModelOutputs | undefined, error: unknown, end: number) => {
        leaveSlot(slot);
        if (outputs) {
          settle(route, false, end - start);
          resolve(answer(request, route, slot.model, sequence, inputs, outputs, start, end));
        } else recover(error, request, route, sequence, inputs, start, signal).then(resolve, reject);
      };
      try {
        enqueue(inputs, signal, start, done);
      } catch (error) {
        done(undefined, error, clock.now());
      }
    });
  }

  /** A request on the general path: a feature lookup, a fallback deadline, or a route without a batcher. */
  async function predictOn(
    request: Request,
    signal: AbortSignal | undefined,
    route: RouteState,
    sequence: number,
    start: number,
  ): Promise<PredictionResult> {
    const fallback = options.fallback;
    let inputs: ModelInputs | undefined;
    try {
      inputs = options.featureLookup
        ? await options.featureLookup(request)
        : (request as unknown as ModelInputs);
      const slot = route.slot;
      let outputs: ModelOutputs;
      if (fallback?.timeoutMs === undefined) {
        // the per-request path: counted on the slot inline (no closure, no promise beyond the model's)
        slot.inFlight += 1;
        try {
          outputs = await slot.model.predict(inputs, signal ? { signal } : undefined);
        } finally {
          leaveSlot(slot);
        }
      } else outputs = await runWithTimeout(route, slot, inputs, signal, fallback.timeoutMs);
      const end = clock.now();
      settle(route, false, end - start);
      return answer(request, route, slot.model, sequence, inputs, outputs, start, end);
    } catch (caught) {
      return recover(caught, request, route, sequence, inputs, start, signal);
    }
  }

  /** A failed request: counted on its route, then answered by the fallback, or rejected. */
  async function recover(
    caught: unknown,
    request: Request,
    route: RouteState,
    sequence: number,
    inputs: ModelInputs | undefined,
    start: number,
    signal: AbortSignal | undefined,
  ): Promise<PredictionResult> {
    const fallback = options.fallback;
    const error =
      inputs === undefined
        ? asServingError(caught, 'featureLookup')
        : asServingError(caught, `route "${route.name}"`);
    const failedAt = clock.now();
    settle(route, true, failedAt - start);
    const usable =
      fallback !== undefined &&
      !signal?.aborted &&
      !('route' in fallback && (fallback.route === route.name || inputs === undefined));
    if (!usable) throw error;
    route.fallbacks += 1;
    fallbacks += 1;
    const reason = PlinthError.is(error, 'PLINTH_TIMEOUT') ? 'timeout' : 'error';
    const requestId = pending.idOf(sequence);
    events.emit({ type: 'fallback', route: route.name, requestId, reason, error });
    if ('value' in fallback) {
      return answer(
        request,
        route,
        undefined,
        sequence,
        inputs ?? {},
        fallback.value,
        start,
        failedAt,
        'value',
      );
    }
    const backup = findRoute(routes, fallback.route)!;
    const backupStart = clock.now();
    try {
      const slot = backup.slot;
      const outputs = await runOnSlot(slot, (model) =>
        model.predict(inputs!, signal ? { signal } : undefined),
      );
      const end = clock.now();
      settle(backup, false, end - backupStart);
      return answer(request, backup, slot.model, sequence, inputs!, outputs, start, end, 'route');
    } catch (backupError) {
      settle(backup, true, clock.now() - backupStart);
      throw asServingError(backupError, `fallback route "${backup.name}"`);
    }
  }

  function saveWeights() {
    previousWeights = routes.map((route) => route.weight);
  }

  function takeOver(target: string, type: 'switch' | 'promote') {
    saveWeights();
    for (const route of routes) route.weight = route.name === target ? 1 : 0;
    if (canary) canary.end(type === 'promote' && canary.route === target ? 'completed' : 'stopped');
    if (type === 'promote') bandit = undefined;
    events.emit({ type, route: target });
  }

  function stats(): DeploymentStats {
    const shares = trafficWeights();
    const total = shares.reduce((sum, share) => sum + share, 0);
    return {
      name,
      routes: routes.map((route, index) => ({
        name: route.name,
        weight: route.weight,
        trafficPercent: total > 0 ? (100 * shares[index]!) / total : 0,
        modelVersion: route.slot.model.modelVersion,
        modelSource: route.slot.model.source,
        requests: route.requests,
        errors: route.errors,
        fallbacks: route.fallbacks,
        latencyMs: route.latency.summary(),
        outcomes: {
          count: route.outcomes.count,
          mean: route.outcomes.count ? route.outcomes.mean : Number.NaN,
        },
        ...batchStats(route),
      })),
      shadow: shadows.map((shadow) => ({
        name: shadow.name,
        percent: shadow.weight,
        requests: shadow.requests,
        errors: shadow.errors,
        dropped: shadow.dropped,
        latencyMs: shadow.latency.summary(),
      })),
      ...(canary ? { canary: canary.status() } : {}),
      fallbacks,
    };
  }

  const watch = options.watch
    ? startWatch(options.watch, findRoute(routes, options.watch.route ?? routeNames[0]!)!, {
        wrap,
        isClosed: () => closed,
        emit: events.emit,
        loadModel,
      })
    : undefined;

  return {
    name,
    predict,
    reward(requestId, value) {
      const route = checkReward(requestId, value, pending, bandit?.strategy === 'thompson');
      pending.delete(requestId);
      addOutcome(route.outcomes, value);
      if (value >= 0 && value <= 1) {
        route.arm.alpha += value;
        route.arm.beta += 1 - value;
      }
      if (canary) emitAll(canary.onOutcome(route.name, value, clock.now()));
    },
    setWeights(weights) {
      const next = checkWeights(weights, routes, bandit !== undefined);
      saveWeights();
      for (const [index, weight] of next.entries()) routes[index]!.weight = weight;
      canary?.end('stopped');
    },
    switch(target) {
      takeOver(checkRouteArgument(target, routeNames, 'switch(route)'), 'switch');
    },
    promote(target) {
      takeOver(checkRouteArgument(target, routeNames, 'promote(route)'), 'promote');
    },
    rollback() {
      if (canary?.status().status === 'running') {
        emitAll(canary.rollBack());
        return;
      }
      if (!previousWeights) {
        throw errors.error(
          'PLINTH_CONFLICT',
          'nothing to roll back: no switch, promote, setWeights or canary yet',
        );
      }
      const target = routes.find((route) => route.weight > 0)?.name ?? routeNames[0]!;
      for (const [index, weight] of previousWeights.entries()) routes[index]!.weight = weight;
      previousWeights = undefined;
      events.emit({ type: 'rollback', route: target, reason: 'manual' });
    },
    compare(a, b, compareOptions) {
      const first = findRoute(routes, checkRouteArgument(a, routeNames, 'compare(a)'))!;
      const second = findRoute(routes, checkRouteArgument(b, routeNames, 'compare(b)'))!;
      return compareRoutes(first, second, compareOptions);
    },
    on: events.on,
    model(route) {
      return findRoute(routes, checkRouteArgument(route, routeNames, 'model(route)'))!.slot.model;
    },
    stats,
    metrics: () => deploymentMetrics(name, routes, shadows, stats()),
    ready: () => watch?.ready ?? Promise.resolve(),
    async close() {
      if (closed) return;
      closed = true;
      await watch?.stop();
      await shadowCopies.drain();
      const slots = [...routes, ...shadows].map((route) => route.slot);
      await Promise.all(
        slots.map(async (slot) => {
          // requests still running finish first; then batchers and the models the deployment loaded go
          await drained(slot);
          await disposeSlot(slot);
        }),
      );
    },
  };
}

function batchStats(route: RouteState): { batch?: unknown } {
  const model = route.slot.model as { stats?: () => unknown };
  return typeof model.stats === 'function' ? { batch: model.stats() } : {};
}

/** A `createDeployment` bound to a runtime's `loadModel`. */
export function deploymentFactory(loadModel: LoadModel): CreateDeployment {
  return (options) => createDeploymentWith(loadModel, options);
}
