import { checkNumber, checkOptions, describe, invalid } from '../errors.ts';
import { checkProfile } from '../profile/profile.ts';
import type { Profile } from '../profile/schema.ts';
import type { ColumnExpectation, Expectations } from './expectations.ts';

/** Options of {@link expectationsFromProfile}. */
export interface ExpectationsFromProfileOptions {
  /** Added to each column's observed missing share to get its allowed share. @default 0.05 */
  nullShareSlack?: number;
  /**
   * Numeric ranges are widened by this fraction of (max − min) on each side. The default 0.5 keeps fresh samples
   * of the same distribution inside for light tails (no false alarm in 2,000 undrifted batches of the normal
   * demo data) while a unit or sign error still fails; heavy-tailed columns need more (see the README). 0 alarms
   * on roughly m / (n + m) of fresh batches of m rows per bound, whatever the distribution. @default 0.5
   */
  rangeSlack?: number;
  /** Derive allowed categories (only for columns whose profile lists every category). @default true */
  categories?: boolean;
}

/** Default widening of numeric ranges, as a fraction of the observed range on each side. */
export const DEFAULT_RANGE_SLACK = 0.5;

function looksNumeric(top: ReadonlyArray<[string, number]>): boolean {
  return (
    top.length > 0 && top.every(([category]) => category.trim() !== '' && Number.isFinite(Number(category)))
  );
}

/**
 * Derives expectations from a reference profile, as TFDV infers a schema: every column present with its type,
 * missing share at most the observed share plus a slack, numeric values within the observed range (optionally
 * widened), and categories within the observed ones when the profile kept them all.
 *
 * @example
 * ```ts
 * const expectations = expectationsFromProfile(referenceProfile, { nullShareSlack: 0.02 });
 * const result = validateData(batch, expectations);
 * ```
 */
export function expectationsFromProfile(
  profile: Profile,
  options: ExpectationsFromProfileOptions = {},
): Expectations {
  checkOptions(options, ['nullShareSlack', 'rangeSlack', 'categories'], 'expectationsFromProfile options');
  const nullSlack = checkNumber(options.nullShareSlack ?? 0.05, 'nullShareSlack', { min: 0, max: 1 });
  const rangeSlack = checkNumber(options.rangeSlack ?? DEFAULT_RANGE_SLACK, 'rangeSlack', {
    min: 0,
    max: 1e6,
  });
  if (options.categories !== undefined && typeof options.categories !== 'boolean') {
    throw invalid(`categories must be true or false, got ${describe(options.categories)}`, {
      argument: 'categories',
    });
  }
  const checked = checkProfile(profile, 'expectationsFromProfile profile');
  const columns: Record<string, ColumnExpectation> = Object.create(null);
  for (const column of checked.columns) {
    const missing = column.kind === 'numeric' ? column.nulls + column.nan : column.nulls;
    const type = column.kind === 'categorical' && looksNumeric(column.top) ? undefined : column.kind;
    const expectation: ColumnExpectation = {
      required: true,
      ...(type ? { type } : {}),
      maxNullShare: Math.min(1, (column.count === 0 ? 0 : missing / column.count) + nullSlack),
    };
    if (column.kind === 'numeric' && column.min !== null && column.max !== null) {
      const span = (column.max - column.min) * rangeSlack;
      if (Number.isFinite(column.min - span)) expectation.min = column.min - span;
      if (Number.isFinite(column.max + span)) expectation.max = column.max + span;
    }
    if (column.kind === 'categorical' && options.categories !== false && column.other === 0) {
      expectation.allowed = column.top.map(([category]) => category);
    }
    columns[column.name] = expectation;
  }
  return { columns };
}
