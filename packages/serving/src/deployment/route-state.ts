// Per-route state of a deployment: the model slot, traffic weight, counters, latencies and outcomes.
import type { Model } from '../model/types.ts';
import { emptyOutcomes, type OutcomeSummary } from '../stats/outcomes.ts';
import type { BetaArm } from './bandit.ts';
import { type LatencyRecorder, latencyRecorder } from './latency.ts';
import { createSlot, type Slot } from './slots.ts';

/** A route or shadow route inside a deployment. */
export interface RouteState {
  readonly name: string;
  /** Configured weight (routes) or mirrored percent (shadows). */
  weight: number;
  slot: Slot;
  requests: number;
  errors: number;
  fallbacks: number;
  dropped: number;
  readonly latency: LatencyRecorder;
  readonly outcomes: OutcomeSummary;
  readonly arm: BetaArm;
}

/** Fresh state for a route serving `base` through `model` (its batcher, or itself). */
export function createRouteState(name: string, weight: number, model: Model, base: Model): RouteState {
  return {
    name,
    weight,
    slot: createSlot(model, base, false),
    requests: 0,
    errors: 0,
    fallbacks: 0,
    dropped: 0,
    latency: latencyRecorder(),
    outcomes: emptyOutcomes(),
    arm: { alpha: 1, beta: 1 },
  };
}

/** Looks a route up by name (own entries only: `constructor` is a name like any other). */
export function findRoute(routes: readonly RouteState[], name: string): RouteState | undefined {
  return routes.find((route) => route.name === name);
}
