import type { Clock } from '@plinth/core';
import { checkDriftOptions, detectDriftColumns } from '../drift/detect-drift.ts';
import { checkOverrideKeys } from '../drift/overrides.ts';
import type { DriftResult, DriftResultData, DriftTestOverrides, DriftThresholds } from '../drift/types.ts';
import { checkFunction, checkOptions, describe, invalid, isPlainObject } from '../errors.ts';
import { checkProfile } from '../profile/profile.ts';
import type { Profile } from '../profile/schema.ts';
import type { Cell } from '../profile/table.ts';
import { type Alert, type AlertRule, createAlertEvaluator } from './alerts.ts';
import { checkClock, checkWindow, type WindowSpec } from './window-options.ts';

/** Where a window sits in the stream. */
export interface WindowInfo {
  index: number;
  rows: number;
  startedAt: number;
  endedAt: number;
}

/** A drift result for one window of the stream. */
export interface DriftWindowResult extends DriftResult {
  window: WindowInfo;
  alerts: Alert<DriftWindowResult>[];
  /** The drift data plus the window. */
  toJSON(): DriftResultData & { window: WindowInfo };
}

/** Options of {@link createDriftMonitor}. */
export interface DriftMonitorOptions {
  /** Reference profile (createProfile). */
  reference: Profile;
  /** Columns to watch. @default every profiled column */
  columns?: readonly string[];
  /** Window by rows (`{ size }`) or by time (`{ durationMs }`). */
  window: WindowSpec;
  /** Rows (or ms) between window results; less than the window makes sliding windows. @default the window (tumbling) */
  slide?: number;
  /** Test overrides, as in detectDrift. */
  tests?: DriftTestOverrides;
  /** Threshold overrides, as in detectDrift. */
  thresholds?: DriftThresholds;
  /** The window drifts when the share of drifted columns is at least this, in (0, 1]. @default 0.5 */
  driftShare?: number;
  /** Called with every window result. */
  onWindow?: (result: DriftWindowResult) => void;
  /** Called with window results where the dataset drifted. */
  onDrift?: (result: DriftWindowResult) => void;
  /** Alert rules evaluated on every window. */
  alerts?: readonly AlertRule<DriftWindowResult>[];
  /** Clock for time windows, window timestamps and alert cool-downs (inject one for event time or tests). @default systemClock */
  clock?: Clock;
}

/** A streaming drift monitor; see {@link createDriftMonitor}. */
export interface DriftMonitor {
  /** Adds a row object, an array of rows, or a column batch; returns the window results it completed. */
  observe(
    input: Record<string, Cell> | ReadonlyArray<Record<string, Cell>> | Record<string, ArrayLike<Cell>>,
  ): DriftWindowResult[];
  /** Evaluates the rows buffered in the open window now (a partial window), if any. */
  flush(): DriftWindowResult | undefined;
}

const NONE: DriftWindowResult[] = [];

const DRIFT_MONITOR_OPTIONS = [
  'reference',
  'columns',
  'window',
  'slide',
  'tests',
  'thresholds',
  'driftShare',
  'onWindow',
  'onDrift',
  'alerts',
  'clock',
];

/** A cell of a monitored row, checked: numbers (or missing) in numeric columns, labels in categorical ones. */
function checkCell(value: Cell, column: string, numeric: boolean): Cell {
  if (value === null || value === undefined) return value;
  const type = typeof value;
  if (
    numeric
      ? type === 'number' || type === 'bigint'
      : type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint'
  ) {
    return value;
  }
  throw invalid(
    `createDriftMonitor observe: column "${column}" is ${numeric ? 'numeric' : 'categorical'} in the reference profile but got ${describe(value)}`,
    { column },
  );
}

interface Buffers {
  names: string[];
  numeric: boolean[];
  data: Array<Float64Array | Cell[]>;
  capacity: number;
}

function allocate(buffers: Buffers, capacity: number): void {
  buffers.data = buffers.data.map((old, index) => {
    if (buffers.numeric[index]) {
      const bigger = new Float64Array(capacity);
      bigger.set((old as Float64Array).subarray(0, Math.min(old.length, capacity)));
      return bigger;
    }
    const array = (old as Cell[]).slice(0, capacity);
    array.length = capacity;
    return array;
  });
  buffers.capacity = capacity;
}

/**
 * Watches a stream for drift against a reference profile: rows accumulate in typed-array column buffers (no
 * allocation per row), and each full window (tumbling, or sliding with `slide`) is tested like detectDrift,
 * calling `onWindow`, `onDrift` and the alert rules. Null and undefined numeric cells are counted as NaN.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad window or slide, or columns the profile lacks.
 * @example
 * ```ts
 * const monitor = createDriftMonitor({ reference: profile, window: { size: 10_000 }, onDrift: (r) => page(r) });
 * for (const row of rows) monitor.observe(row);
 * ```
 */
export function createDriftMonitor(input: DriftMonitorOptions): DriftMonitor {
  if (!isPlainObject(input)) {
    throw invalid(
      `createDriftMonitor options must be an object with a reference profile, got ${describe(input)}`,
      {
        argument: 'options',
      },
    );
  }
  const options = checkOptions(input, DRIFT_MONITOR_OPTIONS, 'createDriftMonitor options');
  const reference = checkProfile(options.reference, 'createDriftMonitor reference');
  const slide = checkWindow(options.window, options.slide, 'createDriftMonitor');
  checkDriftOptions(
    {
      columns: options.columns,
      tests: options.tests,
      thresholds: options.thresholds,
      driftShare: options.driftShare,
    },
    'createDriftMonitor options',
  );
  checkFunction(options.onWindow, 'onWindow');
  checkFunction(options.onDrift, 'onDrift');
  const clock = checkClock(options.clock, 'createDriftMonitor');
  const now = () => clock.now();
  const byName = new Map(reference.columns.map((column) => [column.name, column]));
  const names = options.columns ? [...options.columns] : [...byName.keys()];
  for (const name of names) {
    if (!byName.has(name))
      throw invalid(`createDriftMonitor: column "${name}" is not in the reference profile`, { column: name });
  }
  checkOverrideKeys(names, options);
  const numeric = names.map((name) => byName.get(name)!.kind === 'numeric');
  const bySize = 'size' in options.window;
  const windowLength = bySize
    ? (options.window as { size: number }).size
    : (options.window as { durationMs: number }).durationMs;
  const buffers: Buffers = {
    names,
    numeric,
    data: numeric.map((isNumeric) => (isNumeric ? new Float64Array(0) : [])),
    capacity: 0,
  };
  allocate(buffers, bySize ? windowLength : 1024);
  let times = new Float64Array(bySize ? 0 : 1024);
  let head = 0;
  let count = 0;
  let total = 0;
  let sinceEmit = 0;
  let index = 0;
  let windowStart = Number.NaN;
  const alerts = createAlertEvaluator(options.alerts ?? []);
  const driftOptions = {
    // A window where a feature is all missing reports it (an error entry), never stops the monitor.
    emptyColumns: 'report' as const,
    columns: names,
    tests: options.tests,
    thresholds: options.thresholds,
    driftShare: options.driftShare,
  };

  function evaluate(from: number, rows: number, startedAt: number, endedAt: number): DriftWindowResult {
    const columns = new Map<string, ArrayLike<Cell>>();
    names.forEach((name, column) => {
      const data = buffers.data[column]!;
      columns.set(
        name,
        numeric[column]
          ? (data as Float64Array).subarray(from, from + rows)
          : (data as Cell[]).slice(from, from + rows),
      );
    });
    const drift = detectDriftColumns(reference, { names, rowCount: rows, columns }, driftOptions);
    const result = drift as DriftWindowResult;
    result.window = { index: index++, rows, startedAt, endedAt };
    const toJSON = drift.toJSON;
    result.toJSON = () => ({ ...toJSON(), window: result.window });
    result.alerts = [];
    result.alerts = alerts.evaluate(result, endedAt);
    options.onWindow?.(result);
    if (result.datasetDrift) options.onDrift?.(result);
    return result;
  }

  /** A column batch, checked whole before anything is written: arrays of one length, cells of the right kind. */
  function checkBatch(batch: Record<string, unknown>): {
    columns: Record<string, ArrayLike<Cell>>;
    length: number;
  } {
    const columns: Record<string, ArrayLike<Cell>> = Object.create(null);
    let length = -1;
    for (let column = 0; column < names.length; column++) {
      const name = names[column]!;
      const values = Object.hasOwn(batch, name) ? batch[name] : undefined;
      if (values === undefined) continue;
      if (
        values === null ||
        typeof values !== 'object' ||
        !(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView)))
      ) {
        throw invalid(
          `createDriftMonitor observe: batch column "${name}" must be an array, got ${describe(values)}`,
          {
            column: name,
          },
        );
      }
      const cells = values as ArrayLike<Cell>;
      if (length >= 0 && cells.length !== length) {
        throw invalid(
          `createDriftMonitor observe: batch column "${name}" has ${cells.length} values but others have ${length}; pass columns of equal length`,
          { column: name },
        );
      }
      length = cells.length;
      if (!ArrayBuffer.isView(cells)) {
        for (let index = 0; index < cells.length; index++) checkCell(cells[index], name, numeric[column]!);
      }
      columns[name] = cells;
    }
    return { columns, length: Math.max(length, 0) };
  }

  // A row is read into staging (numbers unboxed) and checked whole before anything is written to the buffers.
  // A number read from a plain row is its own value unless Object.prototype itself was given a numeric property
  // under a column name after the monitor was made; any other value, any name Object.prototype already has
  // (`constructor`, `toString`, `__proto__`…) and rows with another prototype are checked with Object.hasOwn.
  const stagedNumbers = new Float64Array(names.length);
  const stagedCells: Cell[] = names.map(() => undefined);
  const inherited = names.map((name) => name in Object.prototype);
  function readRow(row: Record<string, unknown>): void {
    const prototype = Object.getPrototypeOf(row);
    const plain = prototype === Object.prototype || prototype === null;
    for (let column = 0; column < names.length; column++) {
      const name = names[column]!;
      let value = row[name] as Cell;
      if (typeof value !== 'number' || !plain || inherited[column]) {
        if (value !== undefined && !Object.hasOwn(row, name)) value = undefined;
      }
      if (!numeric[column]) stagedCells[column] = checkCell(value, name, false);
      else if (typeof value === 'number') stagedNumbers[column] = value;
      else stagedNumbers[column] = value == null ? Number.NaN : Number(checkCell(value, name, true));
    }
  }

  function write(slot: number): void {
    for (let column = 0; column < names.length; column++) {
      if (numeric[column]) (buffers.data[column] as Float64Array)[slot] = stagedNumbers[column]!;
      else (buffers.data[column] as Cell[])[slot] = stagedCells[column];
    }
  }

  const emitted: DriftWindowResult[] = [];

  function addBySize(): void {
    const slot = total % windowLength;
    write(slot);
    total++;
    sinceEmit++;
    if (total >= windowLength && sinceEmit >= slide) {
      sinceEmit = 0;
      const at = now();
      emitted.push(evaluate(0, windowLength, at, at));
    }
  }

  /** Copies a column batch into the ring buffer in chunks that stop at the buffer end and at each emission. */
  function addBatchBySize(batch: Record<string, ArrayLike<Cell>>, length: number): void {
    let at = 0;
    while (at < length) {
      const slot = total % windowLength;
      const needed = Math.max(windowLength - total, slide - sinceEmit, 1);
      const chunk = Math.min(length - at, windowLength - slot, needed);
      names.forEach((name, column) => {
        const source = batch[name];
        const target = buffers.data[column]!;
        if (numeric[column]) {
          const typed = target as Float64Array;
          if (source instanceof Float64Array || source instanceof Float32Array) {
            typed.set(source.subarray(at, at + chunk), slot);
          } else {
            for (let offset = 0; offset < chunk; offset++) {
              const value = source?.[at + offset];
              typed[slot + offset] =
                typeof value === 'number' ? value : value == null ? Number.NaN : Number(value);
            }
          }
        } else {
          const cells = target as Cell[];
          for (let offset = 0; offset < chunk; offset++) cells[slot + offset] = source?.[at + offset];
        }
      });
      at += chunk;
      total += chunk;
      sinceEmit += chunk;
      if (total >= windowLength && sinceEmit >= slide) {
        sinceEmit = 0;
        const time = now();
        emitted.push(evaluate(0, windowLength, time, time));
      }
    }
  }

  function addByTime(at: number): void {
    if (Number.isNaN(windowStart)) windowStart = at;
    while (at >= windowStart + windowLength) {
      const end = windowStart + windowLength;
      let rows = 0;
      while (rows < count && times[head + rows]! < end) rows++;
      if (rows > 0) emitted.push(evaluate(head, rows, windowStart, end));
      windowStart += slide;
      while (count > 0 && times[head]! < windowStart) {
        head++;
        count--;
      }
    }
    if (head + count >= buffers.capacity) {
      if (count * 2 <= buffers.capacity) {
        buffers.data.forEach((data, column) => {
          if (numeric[column]) (data as Float64Array).copyWithin(0, head, head + count);
          else (data as Cell[]).copyWithin(0, head, head + count);
        });
        times.copyWithin(0, head, head + count);
        head = 0;
      } else {
        allocate(buffers, buffers.capacity * 2);
        const bigger = new Float64Array(buffers.capacity);
        bigger.set(times);
        times = bigger;
      }
    }
    write(head + count);
    times[head + count] = at;
    count++;
  }

  function add(row: unknown): void {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw invalid(
        `createDriftMonitor observe: a row must be an object of column values, got ${describe(row)}`,
        { argument: 'row' },
      );
    }
    readRow(row as Record<string, unknown>);
    if (bySize) addBySize();
    else addByTime(now());
  }

  return {
    observe(input) {
      if (emitted.length > 0) emitted.length = 0;
      if (Array.isArray(input)) {
        for (let at = 0; at < input.length; at++) add(input[at]);
      } else {
        if (!isPlainObject(input)) {
          throw invalid(
            `createDriftMonitor observe takes a row object, an array of rows or a column batch, got ${describe(input)}`,
            { argument: 'input' },
          );
        }
        const first = input[names[0]!];
        if (first !== null && typeof first === 'object' && Object.hasOwn(input, names[0]!)) {
          const batch = checkBatch(input as Record<string, unknown>);
          const length = batch.length;
          if (bySize) {
            addBatchBySize(batch.columns, length);
            return emitted.length === 0 ? NONE : [...emitted];
          }
          const row: Record<string, Cell> = Object.create(null);
          for (let at = 0; at < length; at++) {
            for (const name of names) row[name] = batch.columns[name]?.[at];
            add(row);
          }
        } else add(input);
      }
      return emitted.length === 0 ? NONE : [...emitted];
    },
    flush() {
      const rows = bySize ? Math.min(total, windowLength) : count;
      if (rows === 0 || (bySize && sinceEmit === 0)) return undefined;
      sinceEmit = 0;
      const at = now();
      return bySize ? evaluate(0, rows, at, at) : evaluate(head, rows, windowStart, at);
    },
  };
}

/** Options of {@link createPredictionDriftMonitor}: a drift monitor over one prediction column. */
export interface PredictionDriftMonitorOptions extends Omit<DriftMonitorOptions, 'columns'> {
  /** The prediction column in the reference profile. @default 'prediction' */
  column?: string;
}

/** A drift monitor over predictions: `observe` also takes a bare prediction value. */
export interface PredictionDriftMonitor {
  /** Adds a prediction (a value, a row, rows or a batch); returns the window results it completed. */
  observe(input: Cell | Parameters<DriftMonitor['observe']>[0]): DriftWindowResult[];
  /** Evaluates the open window now, if it holds rows. */
  flush(): DriftWindowResult | undefined;
}

/**
 * Watches a model's predictions for drift: a drift monitor over the prediction column of a reference profile
 * (profile the predictions on the reference data). `observe` takes a prediction value or rows.
 *
 * @example
 * ```ts
 * const monitor = createPredictionDriftMonitor({ reference: profile, window: { size: 5000 }, onDrift });
 * monitor.observe(0.87);
 * ```
 */
export function createPredictionDriftMonitor(options: PredictionDriftMonitorOptions): PredictionDriftMonitor {
  if (!isPlainObject(options)) {
    throw invalid(`createPredictionDriftMonitor options must be an object, got ${describe(options)}`, {
      argument: 'options',
    });
  }
  if ('columns' in options) {
    throw invalid('createPredictionDriftMonitor watches one column: pass column, not columns', {
      key: 'columns',
    });
  }
  const { column = 'prediction', ...rest } = options;
  if (typeof column !== 'string' || column.length === 0) {
    throw invalid(`createPredictionDriftMonitor column must be a column name, got ${describe(column)}`, {
      argument: 'column',
    });
  }
  const monitor = createDriftMonitor({ ...rest, columns: [column] });
  const row: Record<string, Cell> = Object.create(null);
  return {
    observe(input) {
      if (typeof input !== 'object' || input === null) {
        row[column] = input;
        return monitor.observe(row);
      }
      return monitor.observe(input);
    },
    flush: () => monitor.flush(),
  };
}
