import { describe } from '../errors.ts';
import type { Cell, TableInput } from '../profile/table.ts';
import { toColumns } from '../profile/table.ts';
import {
  type ColumnExpectation,
  checkExpectations,
  type ExpectationFailure,
  type Expectations,
  type ValidationResult,
} from './expectations.ts';

interface ColumnFacts {
  missing: number;
  numbers: number;
  labels: number;
  min: number;
  max: number;
  firstWrongType: Cell;
  disallowed: Map<string, number>;
  duplicates: number;
  firstDuplicate: Cell;
}

function factsOf(values: ArrayLike<Cell>, expectation: ColumnExpectation): ColumnFacts {
  const facts: ColumnFacts = {
    missing: 0,
    numbers: 0,
    labels: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    firstWrongType: undefined,
    disallowed: new Map(),
    duplicates: 0,
    firstDuplicate: undefined,
  };
  const allowed = expectation.allowed ? new Set(expectation.allowed) : undefined;
  const seen = expectation.unique ? new Set<unknown>() : undefined;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
      facts.missing++;
      continue;
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      facts.numbers++;
      const number = Number(value);
      if (number < facts.min) facts.min = number;
      if (number > facts.max) facts.max = number;
      if (expectation.type === 'categorical' && facts.firstWrongType === undefined)
        facts.firstWrongType = value;
    } else {
      facts.labels++;
      if (expectation.type === 'numeric' && facts.firstWrongType === undefined) facts.firstWrongType = value;
    }
    if (allowed && !allowed.has(String(value))) {
      facts.disallowed.set(String(value), (facts.disallowed.get(String(value)) ?? 0) + 1);
    }
    if (seen) {
      if (seen.has(value)) {
        facts.duplicates++;
        if (facts.firstDuplicate === undefined) facts.firstDuplicate = value;
      } else seen.add(value);
    }
  }
  return facts;
}

function checkColumn(
  name: string,
  values: ArrayLike<Cell>,
  expectation: ColumnExpectation,
  failures: ExpectationFailure[],
): number {
  const facts = factsOf(values, expectation);
  let checked = 0;
  const fail = (failure: Omit<ExpectationFailure, 'column'>) => failures.push({ column: name, ...failure });
  if (expectation.type) {
    checked++;
    const wrong = expectation.type === 'numeric' ? facts.labels : facts.numbers;
    if (wrong > 0) {
      fail({
        expectation: 'type',
        expected: expectation.type,
        observed: `${wrong} ${expectation.type === 'numeric' ? 'non-numeric' : 'numeric'} values (first: ${describe(facts.firstWrongType)})`,
        message: `column "${name}" should be ${expectation.type} but has ${wrong} other values, first ${describe(facts.firstWrongType)}`,
      });
    }
  }
  if (expectation.maxNullShare !== undefined) {
    checked++;
    const share = values.length === 0 ? 0 : facts.missing / values.length;
    if (share > expectation.maxNullShare) {
      fail({
        expectation: 'nullShare',
        expected: expectation.maxNullShare,
        observed: share,
        message: `column "${name}" has ${(share * 100).toFixed(2)}% missing values, more than the ${(expectation.maxNullShare * 100).toFixed(2)}% allowed`,
      });
    }
  }
  if (expectation.min !== undefined) {
    checked++;
    if (facts.numbers > 0 && facts.min < expectation.min) {
      fail({
        expectation: 'min',
        expected: expectation.min,
        observed: facts.min,
        message: `column "${name}" has minimum ${facts.min}, below the allowed ${expectation.min}`,
      });
    }
  }
  if (expectation.max !== undefined) {
    checked++;
    if (facts.numbers > 0 && facts.max > expectation.max) {
      fail({
        expectation: 'max',
        expected: expectation.max,
        observed: facts.max,
        message: `column "${name}" has maximum ${facts.max}, above the allowed ${expectation.max}`,
      });
    }
  }
  if (expectation.allowed) {
    checked++;
    if (facts.disallowed.size > 0) {
      const observed = [...facts.disallowed.keys()].slice(0, 20);
      fail({
        expectation: 'allowed',
        expected: expectation.allowed,
        observed,
        message: `column "${name}" has ${facts.disallowed.size} categories outside the allowed list: ${observed.map((key) => JSON.stringify(key)).join(', ')}`,
      });
    }
  }
  if (expectation.unique) {
    checked++;
    if (facts.duplicates > 0) {
      fail({
        expectation: 'unique',
        expected: true,
        observed: { duplicates: facts.duplicates, first: facts.firstDuplicate },
        message: `column "${name}" should be unique but has ${facts.duplicates} repeated values, first ${describe(facts.firstDuplicate)}`,
      });
    }
  }
  return checked;
}

/**
 * Checks a batch against expectations (column presence and types, missing share, numeric ranges, allowed
 * categories, uniqueness, row count) and lists every failed expectation with its column and the observed value.
 * Never throws for data that fails; only for malformed expectations.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the expectations themselves are malformed, or the batch is not a table.
 * @example
 * ```ts
 * const result = validateData(rows, { columns: { age: { type: 'numeric', min: 0, max: 120, maxNullShare: 0.01 } } });
 * if (!result.success) console.table(result.failures);
 * ```
 */
export function validateData<C extends string>(
  batch: TableInput<C>,
  expectations: Expectations,
): ValidationResult {
  const parsed = checkExpectations(expectations);
  const table = toColumns(batch, 'batch to validate');
  const failures: ExpectationFailure[] = [];
  let checked = 0;
  if (parsed.rowCount) {
    checked++;
    const { min, max } = parsed.rowCount;
    if ((min !== undefined && table.rowCount < min) || (max !== undefined && table.rowCount > max)) {
      failures.push({
        expectation: 'rowCount',
        column: null,
        expected: parsed.rowCount,
        observed: table.rowCount,
        message: `the batch has ${table.rowCount} rows, outside the expected ${min ?? 0}–${max ?? '∞'}`,
      });
    }
  }
  for (const name of Object.keys(parsed.columns)) {
    const expectation = parsed.columns[name]!;
    const values = table.columns.get(name);
    if (!values) {
      checked++;
      if (expectation.required !== false) {
        failures.push({
          expectation: 'presence',
          column: name,
          expected: 'present',
          observed: 'missing',
          message: `column "${name}" is missing from the batch`,
        });
      }
      continue;
    }
    checked += 1 + checkColumn(name, values, expectation, failures);
  }
  return { success: failures.length === 0, checked, failures, rowCount: table.rowCount };
}
