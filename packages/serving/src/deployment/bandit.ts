// Bandit arm choice: Thompson sampling over Beta posteriors, or epsilon-greedy over mean rewards.
import type { OutcomeSummary } from '../stats/outcomes.ts';

/** Beta(α, β) posterior of one arm: α = 1 + successes, β = 1 + failures. */
export interface BetaArm {
  alpha: number;
  beta: number;
}

function standardNormal(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, 1) sample (Marsaglia and Tsang; shape < 1 through the U^(1/shape) boost). */
export function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(α, β) sample. */
export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

/** Thompson sampling: the arm whose posterior sample is largest. */
export function thompsonChoice(arms: readonly BetaArm[], random: () => number): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const [index, arm] of arms.entries()) {
    const value = sampleBeta(arm.alpha, arm.beta, random);
    if (value > bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return best;
}

/** Epsilon-greedy: a random arm with probability ε, else an untried arm, else the best mean reward. */
export function epsilonGreedyChoice(
  arms: readonly OutcomeSummary[],
  epsilon: number,
  random: () => number,
): number {
  if (random() < epsilon) return Math.min(arms.length - 1, Math.floor(random() * arms.length));
  const untried = arms.findIndex((arm) => arm.count === 0);
  if (untried >= 0) return untried;
  let best = 0;
  for (const [index, arm] of arms.entries()) if (arm.mean > arms[best]!.mean) best = index;
  return best;
}
