// Reads fixtures/reference-values.json (written by reference.py with scipy) and rebuilds its generated inputs.
import raw from './fixtures/reference-values.json';

/** A generated sample: xorshift32 uniforms → Irwin–Hall sums, exactly as reference.py builds them. */
export interface GeneratorSpec {
  seed: number;
  n: number;
  scale: number;
  shift: number;
  round?: number;
}

/** A sample stored in the JSON, either as values or as a generator spec. */
export type SampleSpec = { values: number[] } | { gen: GeneratorSpec };

/** Rebuilds reference.py's `generate(spec)` bit for bit (only +, −, ×, ÷ and floor). */
export function generate(spec: GeneratorSpec): Float64Array {
  let x = spec.seed >>> 0;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  const values = new Float64Array(spec.n);
  for (let index = 0; index < spec.n; index++) {
    const u0 = next();
    const u1 = next();
    const u2 = next();
    const u3 = next();
    values[index] = (u0 + u1 + u2 + u3 - 2) * spec.scale + spec.shift;
  }
  if (spec.round) {
    const k = spec.round;
    for (let index = 0; index < spec.n; index++) values[index] = Math.floor(values[index]! * k) / k;
  }
  return values;
}

/** The numbers of a stored or generated sample. */
export function materialize(spec: SampleSpec): Float64Array {
  return 'gen' in spec ? generate(spec.gen) : Float64Array.from(spec.values);
}

type Alternative = 'two-sided' | 'less' | 'greater';

/** Shape of reference-values.json. */
export interface ReferenceValues {
  scipy: string;
  numpy: string;
  ks2samp: Array<{
    name: string;
    reference: SampleSpec;
    current: SampleSpec;
    alternative: Alternative;
    method: 'auto' | 'exact' | 'asymp';
    statistic: number;
    pValue: number;
    statisticLocation: number;
    statisticSign: 1 | -1;
  }>;
  ks1samp: Array<{
    name: string;
    values: number[];
    alternative: Alternative;
    method: 'auto' | 'asymp';
    statistic: number;
    pValue: number;
    statisticLocation: number;
    statisticSign: 1 | -1;
  }>;
  distributions: {
    kstwo: Array<[number, number, number]>;
    ksone: Array<[number, number, number]>;
    kstwobign: Array<[number, number]>;
    chi2: Array<[number, number, number]>;
    norm: Array<[number, number, number]>;
  };
  categorical: Array<{
    name: string;
    reference: string[];
    current: string[];
    categories: string[];
    contingency?: { statistic: number; pValue: number; dof: number };
    contingencyNoCorrection?: { statistic: number; pValue: number; dof: number };
    goodnessOfFit?: { statistic: number; pValue: number; dof: number };
    zTest?: { statistic: number; pValue: number; evidentlyPValue: number; category: string };
  }>;
  binned: Array<{
    name: string;
    kind: 'numeric' | 'categorical';
    reference: SampleSpec | { values: string[] };
    current: SampleSpec | { values: string[] };
    psi: number;
    bins: number;
    jensenShannon: number;
    quantilePsi?: number;
    quantileBins?: number;
    wasserstein?: number;
    wassersteinNormed?: number;
  }>;
  wasserstein: Array<{
    name: string;
    reference: number[];
    current: number[];
    wasserstein: number;
    wassersteinNormed: number;
  }>;
}

/** scipy's values, typed. */
export const reference = raw as unknown as ReferenceValues;

/**
 * Asserts `actual` agrees with scipy's `expected`: within `relative` of it, or within `absolute` (the issue's
 * rule for p-values: 1e-9 relative or 1e-12 absolute).
 */
export function close(actual: number, expected: number, relative = 1e-9, absolute = 1e-12): boolean {
  if (actual === expected) return true;
  const difference = Math.abs(actual - expected);
  return difference <= absolute || difference <= relative * Math.abs(expected);
}
