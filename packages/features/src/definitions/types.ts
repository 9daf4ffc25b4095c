import { describe, invalid } from '../errors.ts';

/** The value types a feature, a request field or a typed CSV column may have. */
export type FeatureType = 'int32' | 'int64' | 'float32' | 'float64' | 'string' | 'bool' | 'timestamp';

/** Every {@link FeatureType}, in a fixed order. */
export const FEATURE_TYPES: readonly FeatureType[] = [
  'int32',
  'int64',
  'float32',
  'float64',
  'string',
  'bool',
  'timestamp',
];

/** Checks a feature type name. */
export function checkFeatureType(value: unknown, what: string): FeatureType {
  if (typeof value !== 'string' || !(FEATURE_TYPES as readonly string[]).includes(value)) {
    throw invalid(`${what} must be one of ${FEATURE_TYPES.join(', ')}, got ${describe(value)}`, {
      argument: what,
    });
  }
  return value as FeatureType;
}

/**
 * A feature view's ttl: a duration string (`'1d'`, `'12h'`, `'30m'`, `'10s'`, `'500ms'`, `'2w'`), a number of
 * seconds, or `0` / `null` for unbounded.
 */
export type Ttl = string | number | null;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Maximum ttl: 100 years. */
const MAX_TTL_MS = 100 * 365.25 * 86_400_000;

/**
 * Parses a ttl into milliseconds, or null when unbounded.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a negative, non-finite or malformed ttl.
 */
export function parseTtl(value: unknown, what = 'ttl'): number | null {
  if (value === undefined || value === null || value === 0) return null;
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) ms = value * 1000;
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value.trim());
    if (match) ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms > MAX_TTL_MS) {
    throw invalid(
      `${what} must be a duration such as '1d', '12h', '30m', '10s', a number of seconds, or 0 / null for unbounded, got ${describe(value)}`,
      { argument: what },
    );
  }
  return ms === 0 ? null : Math.round(ms);
}
