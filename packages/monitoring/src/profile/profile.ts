import { checkArrayLike, checkNumber, checkOptions, describe, errors, invalid } from '../errors.ts';
import { CategoricalAccumulator } from './categorical-accumulator.ts';
import { type ColumnKind, inferKind } from './column-kind.ts';
import { KllSketch, MAX_K, MIN_K } from './kll.ts';
import { NumericAccumulator } from './numeric-accumulator.ts';
import { type ColumnProfile, PROFILE_FORMAT, type Profile, profileSchema } from './schema.ts';
import { type TableInput, toColumns } from './table.ts';

/** Options of {@link createProfile}. */
export interface ProfileOptions {
  /** Columns to profile. @default every column */
  columns?: readonly string[];
  /** Columns to treat as categorical even when they hold numbers. @default [] */
  categorical?: readonly string[];
  /** Categories kept per categorical column, 1–100,000 (the rest are counted as "other"). @default 100 */
  topK?: number;
  /** KLL accuracy parameter, 8–65,536 (rank error below 1% at 200; see the README). @default 200 */
  sketchK?: number;
  /** Most bins of each numeric column's exact grid histogram, 2–4,096. @default 64 */
  histogramBins?: number;
}

/** A column's accumulator, numeric or categorical. */
export type Accumulator = NumericAccumulator | CategoricalAccumulator;

/**
 * Profiles a table in one pass without keeping it: per numeric column counts (rows, nulls, NaN, ±Infinity),
 * min, max, mean and standard deviation (Welford), a KLL quantile sketch and an exact grid histogram; per
 * categorical column the counts of the `topK` most frequent categories plus "other". Memory is independent of the
 * row count.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an empty table, a named column that is missing, or a column that
 * mixes numbers with other values.
 * @example
 * ```ts
 * const profile = createProfile({ age: [31, 45, 27], plan: ['free', 'pro', 'free'] });
 * const text = profileToJSON(profile); // store it; detectDrift(profileFromJSON(text), current) later
 * ```
 */
export function createProfile<C extends string>(table: TableInput<C>, options: ProfileOptions = {}): Profile {
  checkProfileOptions(options);
  const columns = toColumns(table, 'table to profile');
  const names = options.columns ? [...options.columns] : columns.names;
  const categorical = new Set(options.categorical ?? []);
  const entries: ColumnProfile[] = [];
  for (const name of names) {
    const values = columns.columns.get(name);
    if (!values) {
      throw invalid(`column "${name}" is not in the table; profile only existing columns`, {
        column: name,
      });
    }
    const kind: ColumnKind = categorical.has(name) ? 'categorical' : inferKind(values);
    if (kind === 'numeric') {
      const accumulator = new NumericAccumulator(options);
      accumulator.addColumn(values, name);
      entries.push(accumulator.toProfile(name));
    } else {
      const accumulator = new CategoricalAccumulator();
      accumulator.addColumn(values, name);
      entries.push(accumulator.toProfile(name, options.topK ?? 100));
    }
  }
  return { format: PROFILE_FORMAT, rowCount: columns.rowCount, columns: entries };
}

/** Most categories a profile keeps per column. */
const MAX_TOP_K = 100_000;

/** Checks column-name lists (`columns`, `categorical`): arrays of non-empty strings. */
export function checkNameList(value: unknown, name: string): void {
  if (value === undefined) return;
  checkArrayLike(value, name);
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    if (typeof item !== 'string' || item.length === 0 || item.length > 1000) {
      throw invalid(`${name}[${index}] must be a column name (a non-empty string), got ${describe(item)}`, {
        argument: name,
        index,
      });
    }
  }
}

function checkProfileOptions(input: ProfileOptions): void {
  const options = checkOptions(
    input,
    ['columns', 'categorical', 'topK', 'sketchK', 'histogramBins'],
    'createProfile options',
  );
  checkNameList(options.columns, 'columns');
  checkNameList(options.categorical, 'categorical');
  if (options.topK !== undefined)
    checkNumber(options.topK, 'topK', { min: 1, max: MAX_TOP_K, integer: true });
  if (options.sketchK !== undefined)
    checkNumber(options.sketchK, 'sketchK', { min: MIN_K, max: MAX_K, integer: true });
  if (options.histogramBins !== undefined)
    checkNumber(options.histogramBins, 'histogramBins', { min: 2, max: 4096, integer: true });
}

/** Rebuilds a column's accumulator from its profile entry. */
export function accumulatorOf(column: ColumnProfile): Accumulator {
  return column.kind === 'numeric'
    ? NumericAccumulator.fromProfile(column)
    : CategoricalAccumulator.fromProfile(column);
}

/**
 * Merges profiles of the same schema (same columns, same kinds) into one, as if the tables had been profiled
 * together: counts and moments exactly, sketches by KLL merge, histograms exactly.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the profiles' columns or kinds differ.
 */
export function mergeProfiles(profiles: readonly Profile[], options: { topK?: number } = {}): Profile {
  checkOptions(options, ['topK'], 'mergeProfiles options');
  if (options.topK !== undefined)
    checkNumber(options.topK, 'topK', { min: 1, max: MAX_TOP_K, integer: true });
  checkArrayLike(profiles, 'profiles');
  if (profiles.length === 0)
    throw invalid('mergeProfiles got no profiles; pass at least one', { argument: 'profiles' });
  const checked = Array.from(profiles, (profile, index) => checkProfile(profile, `profiles[${index}]`));
  const [first, ...rest] = checked as [Profile, ...Profile[]];
  const accumulators = first.columns.map(accumulatorOf);
  for (const profile of rest) {
    const signature = (p: Profile) => JSON.stringify(p.columns.map((column) => [column.name, column.kind]));
    if (signature(profile) !== signature(first)) {
      const mismatch = profile.columns.find(
        (column, index) =>
          column.name !== first.columns[index]?.name || column.kind !== first.columns[index]?.kind,
      );
      throw invalid(
        `profiles have different schemas (column "${mismatch?.name ?? first.columns[profile.columns.length]?.name}" differs); merge only profiles of the same columns and kinds`,
        { column: mismatch?.name },
      );
    }
    profile.columns.forEach((column, index) => {
      const target = first.columns[index]!;
      if (column.kind === 'numeric' && target.kind === 'numeric' && column.sketch.k !== target.sketch.k) {
        throw invalid(
          `column "${column.name}" was profiled with sketchK ${target.sketch.k} in one profile and ${column.sketch.k} in another; merge only profiles made with the same sketchK`,
          { column: column.name },
        );
      }
    });
    profile.columns.forEach((column, index) => {
      const target = accumulators[index]!;
      const source = accumulatorOf(column);
      (target as { merge(other: Accumulator): void }).merge(source);
    });
  }
  const topK = options.topK ?? 100;
  return {
    format: PROFILE_FORMAT,
    rowCount: profiles.reduce((sum, profile) => sum + profile.rowCount, 0),
    columns: accumulators.map((accumulator, index) => {
      const name = first.columns[index]!.name;
      return accumulator instanceof NumericAccumulator
        ? accumulator.toProfile(name)
        : accumulator.toProfile(name, topK);
    }),
  };
}

/** Serialises a profile to a JSON string. */
export function profileToJSON(profile: Profile): string {
  return JSON.stringify(profile);
}

/**
 * Parses and validates a stored profile (a JSON string or the parsed object), including each sketch's weights.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the offending field when the profile is malformed.
 */
export function profileFromJSON(input: string | unknown): Profile {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw invalid(`profile is not valid JSON (${String(error)}); pass profileToJSON output`);
    }
  }
  return checkProfile(value, 'profile');
}

/**
 * Validates a profile object (schema and sketch weights), as {@link profileFromJSON} does.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `subject` and the offending field.
 */
export function checkProfile(value: unknown, subject: string): Profile {
  const profile = errors.parse(profileSchema(), value, subject) as Profile;
  for (const column of profile.columns) {
    if (column.kind !== 'numeric') continue;
    if (column.sketch.n !== column.n || !KllSketch.fromJSON(column.sketch)) {
      throw invalid(
        `${subject} column "${column.name}" has a sketch whose weights do not add up to its ${column.n} values; the profile is corrupt, recreate it`,
        { column: column.name },
      );
    }
  }
  return profile;
}
