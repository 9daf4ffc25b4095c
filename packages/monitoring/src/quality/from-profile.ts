import type { Profile } from '../profile/schema.ts';
import type { ColumnExpectation, Expectations } from './expectations.ts';

/** Options of {@link expectationsFromProfile}. */
export interface ExpectationsFromProfileOptions {
  /** Added to each column's observed missing share to get its allowed share. @default 0.05 */
  nullShareSlack?: number;
  /** Numeric ranges are widened by this fraction of (max − min) on each side. @default 0 */
  rangeSlack?: number;
  /** Derive allowed categories (only for columns whose profile lists every category). @default true */
  categories?: boolean;
}

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
  const nullSlack = options.nullShareSlack ?? 0.05;
  const rangeSlack = options.rangeSlack ?? 0;
  const columns: Record<string, ColumnExpectation> = {};
  for (const column of profile.columns) {
    const missing = column.kind === 'numeric' ? column.nulls + column.nan : column.nulls;
    const expectation: ColumnExpectation = {
      required: true,
      type: column.kind === 'categorical' && looksNumeric(column.top) ? undefined : column.kind,
      maxNullShare: Math.min(1, (column.count === 0 ? 0 : missing / column.count) + nullSlack),
    };
    if (column.kind === 'numeric' && column.min !== null && column.max !== null) {
      const span = (column.max - column.min) * rangeSlack;
      expectation.min = column.min - span;
      expectation.max = column.max + span;
    }
    if (column.kind === 'categorical' && options.categories !== false && column.other === 0) {
      expectation.allowed = column.top.map(([category]) => category);
    }
    columns[column.name] = expectation;
  }
  return { columns };
}
