// A progressive canary: the candidate's share climbs step by step; a tripped guard sends it back to 0 %.
import { addOutcome, emptyOutcomes, type OutcomeSummary } from '../stats/outcomes.ts';
import { nearestRank } from './latency.ts';
import type { CanaryOptions, CanaryStatus, DeploymentEvent } from './types.ts';

/** Default canary steps, in percent. */
export const DEFAULT_CANARY_STEPS = [5, 10, 25, 50, 100] as const;

/** A canary's state and its reactions to requests and outcomes. */
export interface Canary {
  readonly route: string;
  /** The candidate's share while running, 0–100; undefined once it ended (the weights decide). */
  percent(): number | undefined;
  status(): CanaryStatus;
  /** One answered or failed request on any route; returns the events to emit. */
  onRequest(route: string, failed: boolean, latencyMs: number, now: number): DeploymentEvent[];
  /** One reported outcome on any route. */
  onOutcome(route: string, value: number, now: number): DeploymentEvent[];
  /** Manual rollback. */
  rollBack(): DeploymentEvent[];
  /** Ends a running canary: `completed` (its route was promoted) or `stopped`. */
  end(status: 'completed' | 'stopped'): void;
}

interface StepWindow {
  requests: number;
  errors: number;
  latencies: number[];
  outcomes: OutcomeSummary;
  startedAt: number;
}

/** Starts a canary at its first step, at time `now`. */
export function createCanary(options: CanaryOptions, now: number): Canary {
  const steps = options.steps ?? [...DEFAULT_CANARY_STEPS];
  const guards = options.guards ?? {};
  const minRequests = guards.minRequests ?? 20;
  let status: CanaryStatus['status'] = 'running';
  let step = 0;
  let reason: string | undefined;
  let window = newWindow(now);

  function newWindow(startedAt: number): StepWindow {
    return { requests: 0, errors: 0, latencies: [], outcomes: emptyOutcomes(), startedAt };
  }

  function rollBack(
    why: 'maxErrorRate' | 'maxP95LatencyMs' | 'minOutcome' | 'manual',
    observed?: number,
    limit?: number,
  ): DeploymentEvent[] {
    status = 'rolled-back';
    reason = why;
    return [
      {
        type: 'rollback',
        route: options.route,
        reason: why,
        ...(observed === undefined ? {} : { observed }),
        ...(limit === undefined ? {} : { limit }),
      },
    ];
  }

  /** A tripped guard's rollback, or [] when every guard holds (or has too little evidence). */
  function checkGuards(): DeploymentEvent[] {
    if (window.requests >= minRequests) {
      const errorRate = window.errors / window.requests;
      if (guards.maxErrorRate !== undefined && errorRate > guards.maxErrorRate) {
        return rollBack('maxErrorRate', errorRate, guards.maxErrorRate);
      }
      if (guards.maxP95LatencyMs !== undefined && window.latencies.length > 0) {
        const p95 = nearestRank(
          [...window.latencies].sort((a, b) => a - b),
          95,
        );
        if (p95 > guards.maxP95LatencyMs) return rollBack('maxP95LatencyMs', p95, guards.maxP95LatencyMs);
      }
    }
    if (
      guards.minOutcome !== undefined &&
      window.outcomes.count >= minRequests &&
      window.outcomes.mean < guards.minOutcome
    ) {
      return rollBack('minOutcome', window.outcomes.mean, guards.minOutcome);
    }
    return [];
  }

  function maybeAdvance(time: number): DeploymentEvent[] {
    const held =
      (options.holdRequests === undefined || window.requests >= options.holdRequests) &&
      (options.holdMs === undefined || time - window.startedAt >= options.holdMs) &&
      (guards.minOutcome === undefined || window.outcomes.count >= minRequests);
    if (!held) return [];
    if (step === steps.length - 1) {
      status = 'completed';
      return [{ type: 'canary-complete', route: options.route }];
    }
    step += 1;
    window = newWindow(time);
    return [{ type: 'canary-step', route: options.route, percent: steps[step]!, step }];
  }

  return {
    route: options.route,
    percent: () => (status === 'running' ? steps[step]! : undefined),
    status: () => ({
      route: options.route,
      status,
      percent: status === 'running' ? steps[step]! : status === 'completed' ? 100 : 0,
      step,
      ...(reason === undefined ? {} : { reason }),
    }),
    onRequest(route, failed, latencyMs, time) {
      if (status !== 'running') return [];
      if (route === options.route) {
        window.requests += 1;
        if (failed) window.errors += 1;
        else window.latencies.push(latencyMs);
        const tripped = checkGuards();
        if (tripped.length > 0) return tripped;
      }
      return maybeAdvance(time);
    },
    onOutcome(route, value, time) {
      if (status !== 'running' || route !== options.route) return [];
      addOutcome(window.outcomes, value);
      const tripped = checkGuards();
      return tripped.length > 0 ? tripped : maybeAdvance(time);
    },
    rollBack: () => (status === 'running' ? rollBack('manual') : []),
    end(final) {
      if (status === 'running') status = final;
    },
  };
}
