import type { Clock } from '@plinth/core';
import type { ModelVersion, Registry } from '@plinth/registry';
import type { LoadModelOptions } from '../model/load-options.ts';
import type { Model, ModelInputs, ModelOutputs } from '../model/types.ts';

/** A route: a named model that receives a share of the traffic. */
export interface RouteOptions {
  /** Route name: 1–64 characters, letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
  name: string;
  /** The model this route serves. After a hot swap or at `close()` the deployment disposes the models it replaced. */
  model: Model;
  /** Relative traffic weight (finite, ≥ 0); `0` keeps a standby (blue-green) route. @default 1 */
  weight?: number;
}

/** A shadow route: gets a copy of the traffic; its answers and errors never reach the caller. */
export interface ShadowOptions {
  /** Shadow name (same rules as a route name, distinct from every route). */
  name: string;
  /** The model under test. */
  model: Model;
  /** Share of requests mirrored to it, 0–100. @default 100 */
  percent?: number;
}

/** Bandit routing: the deployment learns from `reward()` which route earns more. */
export interface BanditOptions {
  /**
   * `thompson`: Beta posteriors over 0/1 rewards (a reward in [0, 1] counts fractionally);
   * `epsilon-greedy`: the route with the best mean reward, a random one with probability `epsilon`.
   */
  strategy: 'thompson' | 'epsilon-greedy';
  /** Exploration rate of `epsilon-greedy`, 0–1. @default 0.1 */
  epsilon?: number;
}

/** What answers when the chosen route fails or is too slow. */
export type FallbackOptions =
  | {
      /** Answer from this route instead. */
      route: string;
      /** Give up on the primary after this many ms (it is aborted through its signal). @default no timeout */
      timeoutMs?: number;
    }
  | {
      /** Answer with these outputs instead. */
      value: ModelOutputs;
      /** Give up on the primary after this many ms. @default no timeout */
      timeoutMs?: number;
    };

/** The registry calls a hot swap needs (a `Registry` from `@plinth/registry` has them). */
export type WatchRegistry = Pick<Registry, 'watchAlias' | 'getVersion' | 'loadArtifact'>;

/** Hot swap: follow a registry alias and swap the route's model when it moves. */
export interface WatchOptions {
  /** The registry that holds the model. */
  registry: WatchRegistry;
  /** The alias to follow: `models:/fraud@champion`. */
  uri: string;
  /** Polling interval. @default 1000 */
  intervalMs?: number;
  /** The route whose model is swapped. @default the first route */
  route?: string;
  /** Options of the `loadModel` call that loads each new version. @default { warmup: true } */
  loadOptions?: Omit<LoadModelOptions, 'signal'>;
  /**
   * Loads and warms a version instead of `loadModel({ registry, uri: 'models:/<name>/<version>' }, loadOptions)`.
   */
  load?: (version: ModelVersion) => Promise<Model>;
}

/** Rules that roll a canary back. Each is checked on the candidate's requests of the current step. */
export interface CanaryGuards {
  /** Largest share of failed requests, 0–1. */
  maxErrorRate?: number;
  /** Largest p95 latency in ms. */
  maxP95LatencyMs?: number;
  /** Smallest mean reported outcome (`reward()`); a step does not advance before `minRequests` outcomes. */
  minOutcome?: number;
  /** Requests (or outcomes) a guard needs before it judges. @default 20 */
  minRequests?: number;
}

/** A progressive canary: the candidate's share climbs step by step while its guards hold. */
export interface CanaryOptions {
  /** The candidate route. */
  route: string;
  /** Traffic percentages, increasing, each in (0, 100]. @default [5, 10, 25, 50, 100] */
  steps?: number[];
  /** Requests to the candidate each step holds for. At least one of `holdRequests` and `holdMs`. */
  holdRequests?: number;
  /** Milliseconds (on the deployment's clock) each step holds for. */
  holdMs?: number;
  /** Rules that roll the candidate back to 0 %. */
  guards?: CanaryGuards;
}

/** Options of `createDeployment`. */
export interface DeploymentOptions<Request = ModelInputs> {
  /** Name used by the inference handler and in metrics. @default the first route's model name, or `model` */
  name?: string;
  /** The routes, at least one. */
  routes: RouteOptions[];
  /** Shadow routes: fire-and-forget copies of the traffic. @default [] */
  shadow?: ShadowOptions[];
  /** A key (user id) that pins a request to a route: the same key goes to the same route while weights hold. */
  stickyKey?: (request: Request) => string | number | undefined;
  /** Bandit routing fed by `reward()`, instead of fixed weights. */
  bandit?: BanditOptions;
  /** Wrap each route's model in a dynamic batcher (`createBatcher`) with these options. */
  batching?: {
    maxBatchSize?: number;
    maxQueueDelayMs?: number;
    maxQueueSize?: number;
    queueTimeoutMs?: number;
    /** Batches run at once (a batch fills while earlier ones run; full batches go ahead); see `createBatcher`. @default 1 */
    maxConcurrency?: number;
  };
  /** What answers when the chosen route fails or exceeds `timeoutMs`. */
  fallback?: FallbackOptions;
  /** Turns a request into model inputs (for example an online feature lookup). @default the request is the inputs */
  featureLookup?: (request: Request) => ModelInputs | Promise<ModelInputs>;
  /** Called after every answered request (for a monitor); its errors never reach `predict`. */
  onPrediction?: (event: PredictionEvent<Request>) => void;
  /** Called with every deployment event (rollback, canary step, swap, shadow result, …). */
  onEvent?: (event: DeploymentEvent) => void;
  /** Hot swap: follow a registry alias. */
  watch?: WatchOptions;
  /** A progressive canary. */
  canary?: CanaryOptions;
  /** Time source for latencies and canary holds. @default a sub-millisecond epoch clock */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for routing, shadows and bandits. @default Math.random */
  random?: () => number;
  /** Shadow copies running at once per shadow route; more are dropped and counted. @default 256 */
  maxShadowInFlight?: number;
  /** How many of the latest answered requests `reward()` can still name (older ones are forgotten). @default 100000 */
  maxPendingRewards?: number;
}

/** Per-call options of `predict`. */
export interface DeploymentPredictOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Sends the request to this route, bypassing the routing (the inference handler's `versions/{v}`). */
  route?: string;
}

/** The answer of `predict`. */
export interface PredictionResult {
  /** The model outputs. */
  outputs: ModelOutputs;
  /** The route that answered (the fallback route when it answered). */
  route: string;
  /** Version of the model that answered, when it came from a registry. */
  modelVersion: number | undefined;
  /** Time from the call to the answer, in ms. */
  latencyMs: number;
  /** Id to pass to `reward()`. */
  requestId: string;
  /** Set when the answer came from the fallback: `route` or `value`. */
  fallback?: 'route' | 'value';
}

/** What `onPrediction` receives. */
export interface PredictionEvent<Request = ModelInputs> {
  requestId: string;
  request: Request;
  inputs: ModelInputs;
  outputs: ModelOutputs;
  route: string;
  modelVersion: number | undefined;
  modelSource: string | undefined;
  latencyMs: number;
  /** Epoch ms of the answer. */
  timestamp: number;
  fallback?: 'route' | 'value';
}

/** Events a deployment emits (`on(type, listener)` or the `onEvent` option). */
export type DeploymentEvent =
  | { type: 'shadow'; route: string; requestId: string; outputs: ModelOutputs; latencyMs: number }
  | { type: 'shadow-error'; route: string; requestId: string; error: unknown }
  | { type: 'fallback'; route: string; requestId: string; reason: 'error' | 'timeout'; error?: unknown }
  | { type: 'canary-step'; route: string; percent: number; step: number }
  | { type: 'canary-complete'; route: string }
  | {
      type: 'rollback';
      route: string;
      reason: 'maxErrorRate' | 'maxP95LatencyMs' | 'minOutcome' | 'manual';
      observed?: number;
      limit?: number;
    }
  | { type: 'switch'; route: string }
  | { type: 'promote'; route: string }
  | { type: 'swap'; route: string; fromVersion: number | undefined; toVersion: number | undefined }
  | { type: 'swap-error'; route: string; version: number | undefined; error: unknown }
  | { type: 'callback-error'; callback: 'onPrediction' | 'featureLookup'; error: unknown };

/** The `type` of a {@link DeploymentEvent}. */
export type DeploymentEventType = DeploymentEvent['type'];

/** Latency summary in ms (over the most recent requests). */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Counters of one route in `stats()`. */
export interface RouteStats {
  name: string;
  /** Configured weight. */
  weight: number;
  /** Share of new traffic it gets now, 0–100 (canary, switch and promote included; bandits excluded). */
  trafficPercent: number;
  modelVersion: number | undefined;
  modelSource: string;
  requests: number;
  errors: number;
  /** Requests this route failed that the fallback answered. */
  fallbacks: number;
  latencyMs: LatencySummary;
  /** Reported outcomes (`reward()`). */
  outcomes: { count: number; mean: number };
  /** The batcher's own stats, when `batching` is on. */
  batch?: unknown;
}

/** Counters of one shadow route. */
export interface ShadowStats {
  name: string;
  percent: number;
  requests: number;
  errors: number;
  /** Copies skipped because too many were still running (`maxShadowInFlight`). */
  dropped: number;
  latencyMs: LatencySummary;
}

/** State of a canary. */
export interface CanaryStatus {
  route: string;
  /** `stopped`: `switch`, `setWeights` or `promote` of another route took over. */
  status: 'running' | 'completed' | 'rolled-back' | 'stopped';
  /** The candidate's share now. */
  percent: number;
  /** Index of the current step. */
  step: number;
  /** Why it rolled back. */
  reason?: string;
}

/** What `stats()` returns. */
export interface DeploymentStats {
  name: string;
  routes: RouteStats[];
  shadow: ShadowStats[];
  canary?: CanaryStatus;
  /** Requests the fallback answered. */
  fallbacks: number;
}

/** Result of `compare`. */
export interface CompareResult {
  /** `z-test` when every outcome is 0/1, else `welch-t` (or as asked). */
  test: 'z-test' | 'welch-t';
  a: { route: string; count: number; mean: number };
  b: { route: string; count: number; mean: number };
  /** Mean of `a` minus mean of `b`. */
  difference: number;
  statistic: number;
  pValue: number;
  degreesOfFreedom?: number;
  alpha: number;
  /** `pValue < alpha`. */
  significant: boolean;
}

/** Options of `compare`. */
export interface CompareOptions {
  /** Significance level, in (0, 1). @default 0.05 */
  alpha?: number;
  /** Force a test. @default `z-test` for 0/1 outcomes, else `welch-t` */
  test?: 'z-test' | 'welch-t';
}

/**
 * Serves one or more models behind one `predict` (see {@link Deployment}).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options, before anything starts.
 */
export type CreateDeployment = <Request = ModelInputs>(
  options: DeploymentOptions<Request>,
) => Deployment<Request>;

/** A running deployment (see `createDeployment`). */
export interface Deployment<Request = ModelInputs> {
  /** The name the inference handler serves it under. */
  readonly name: string;
  /** Routes, chooses a model, answers. @throws {PlinthError} the model's error when no fallback answers. */
  predict(request: Request, options?: DeploymentPredictOptions): Promise<PredictionResult>;
  /** Reports the outcome of an answered request (bandits, canary `minOutcome`, `compare`). */
  reward(requestId: string, value: number): void;
  /** Sets route weights (others keep theirs). */
  setWeights(weights: Readonly<Record<string, number>>): void;
  /** Blue-green: sends all traffic to `route`; `rollback()` undoes it. */
  switch(route: string): void;
  /** Ends the experiment: `route` takes all traffic, bandit and canary stop. */
  promote(route: string): void;
  /** Rolls a running canary back to 0 %, or undoes the last `switch`/`promote`/`setWeights`. */
  rollback(): void;
  /** Tests whether two routes' outcomes differ. */
  compare(a: string, b: string, options?: CompareOptions): CompareResult;
  /** Listens to one kind of event; returns a function that stops listening. */
  on<T extends DeploymentEventType>(
    type: T,
    listener: (event: Extract<DeploymentEvent, { type: T }>) => void,
  ): () => void;
  /** Models by route (the current ones, after hot swaps). */
  model(route: string): Model;
  /** Counters, latencies, canary state. */
  stats(): DeploymentStats;
  /** Prometheus text exposition (0.0.4). */
  metrics(): string;
  /** Resolves when a watched alias has been loaded once (at once without `watch`). */
  ready(): Promise<void>;
  /** Stops watching, waits for shadows, disposes the models the deployment loaded or replaced. */
  close(): Promise<void>;
}
