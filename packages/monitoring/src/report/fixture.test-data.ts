import { detectDrift } from '../drift/detect-drift.ts';
import type { DriftResult } from '../drift/types.ts';
import type { ValidationResult } from '../quality/expectations.ts';
import { validateData } from '../quality/validate-data.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** A deterministic drift result with numeric, categorical, drifted, stable and untestable columns. */
export function sampleReport(): { result: DriftResult; validation: ValidationResult } {
  const random = lcg(2024);
  const normal = (mean: number, sd: number) =>
    mean + sd * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  const plans = ['free', 'pro', 'team', 'enterprise'];
  const make = (n: number, shift: boolean) => ({
    age: Array.from({ length: n }, () => Math.round(normal(shift ? 46 : 38, 9))),
    income: Array.from({ length: n }, () => Math.exp(normal(shift ? 10.9 : 10.6, 0.45))),
    sessions: Array.from({ length: n }, () => Math.floor(random() * 8 + random() * 8)),
    plan: Array.from(
      { length: n },
      () => plans[Math.min(3, Math.floor(random() ** (shift ? 0.6 : 1.4) * 4))]!,
    ),
    country: Array.from({ length: n }, () => ['DE', 'FR', 'US', 'GB', 'JP'][Math.floor(random() * 5)]!),
    latency_ms: Array.from({ length: n }, () => (random() < 0.02 ? Number.NaN : normal(120, 25))),
    legacy_score: Array.from({ length: n }, () => Number.NaN),
  });
  const reference = make(800, false);
  const current = make(600, true);
  const result = detectDrift(reference, current, { emptyColumns: 'report' });
  const validation = validateData(current, {
    columns: {
      age: { type: 'numeric', min: 18, max: 65 },
      plan: { allowed: ['free', 'pro', 'team', 'enterprise'] },
      legacy_score: { maxNullShare: 0.5 },
    },
  });
  return { result, validation };
}
