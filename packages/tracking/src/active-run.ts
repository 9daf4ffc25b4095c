import { type ByteSource, type Clock, KeySchema, RelativePathSchema } from '@plinth/core';
import { type ArtifactSource, artifactBody } from './artifact-source.ts';
import type { ArtifactInfo, TrackingBackend } from './backend.ts';
import { trackingErrors } from './errors.ts';
import { KeyBuffer } from './metrics/buffer.ts';
import { latestOf, mergeLatest } from './metrics/latest.ts';
import { epochMsOf } from './schemas/limits.ts';
import { ownValue, withOwn } from './schemas/own-record.ts';
import {
  type LatestMetric,
  ParamsSchema,
  type Run,
  type RunInput,
  RunInputSchema,
  TagsInputSchema,
} from './schemas/run.ts';
import { type EndRunOptions, EndRunOptionsSchema } from './tracker-options.ts';

/** Options of `logMetric` / `logMetrics`. */
export interface MetricOptions {
  /** Training step (a safe integer). @default 0 */
  step?: number;
  /** When the value was observed: a `Date` or epoch milliseconds (years 1970–9999). @default the tracker clock's now, read for each call */
  timestamp?: number | Date;
}

/**
 * A run being logged to. `logMetric` buffers and returns at once; `flush()` makes everything logged so
 * far durable; `end()` flushes and records the final status.
 */
export interface ActiveRun {
  /** The run id (UUIDv7). */
  readonly id: string;
  /** The experiment the run belongs to. */
  readonly experimentId: string;
  /** The run name. */
  readonly name: string;
  /**
   * Logs params (an own-key map: `__proto__` or `toString` are names like any other). Params are immutable:
   * the same value again is fine, a different one is a conflict and nothing of the call is written.
   * @throws {PlinthError} `PLINTH_VALIDATION` (bad key, value over 6,000 characters); `PLINTH_CONFLICT`.
   */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /**
   * Buffers one metric point; validated now, so bad input throws and nothing is stored. Each point gets the
   * clock's time when it is logged unless `timestamp` is given.
   * @throws {PlinthError} `PLINTH_VALIDATION`; `PLINTH_CLOSED` after `end()`.
   */
  logMetric(key: string, value: number, options?: MetricOptions): void;
  /**
   * Buffers several metrics at the same step and time; all are validated before any is buffered.
   * @throws {PlinthError} `PLINTH_VALIDATION`; `PLINTH_CLOSED` after `end()`.
   */
  logMetrics(metrics: Record<string, number>, options?: MetricOptions): void;
  /**
   * Sets tags (values up to 8,000 characters); existing keys are overwritten.
   * @throws {PlinthError} `PLINTH_VALIDATION`.
   */
  setTags(tags: Record<string, string>): Promise<void>;
  /**
   * Stores an artifact at a relative path. `content` is a string (UTF-8 text), bytes, or a stream of
   * `Uint8Array` chunks; `{ path }` reads a local file (Node only). A bare string is content, never a path.
   * @throws {PlinthError} `PLINTH_VALIDATION` for an unsafe path or content of another type (also a stream
   * chunk that is not bytes: nothing is stored); `PLINTH_UNSUPPORTED_RUNTIME` for `{ path }` in a browser.
   */
  logArtifact(path: string, content: ArtifactSource): Promise<ArtifactInfo>;
  /**
   * Records a dataset input (the same dataset and context twice is stored once).
   * @throws {PlinthError} `PLINTH_VALIDATION`.
   */
  logInput(input: RunInput): Promise<void>;
  /** Resolves when everything logged so far is durable; refreshes the heartbeat. */
  flush(): Promise<void>;
  /**
   * Backpressure for tight logging loops: resolves at once unless more than `maxPendingPoints` points wait
   * for storage, then when the background writes have caught up. `await run.ready()` once per batch keeps
   * memory bounded however fast the loop logs.
   */
  ready(): Promise<void>;
  /**
   * Flushes, then records the final status and end time.
   * @throws {PlinthError} `PLINTH_VALIDATION` (unknown option, end time before the start); `PLINTH_CLOSED` when already ended.
   */
  end(options?: EndRunOptions): Promise<Run>;
  /** The run as stored now (after a flush, with the latest metrics). */
  get(): Promise<Run>;
}

/** Internals the tracker needs from a run it created. */
export interface RunControl extends ActiveRun {
  /** Writes buffered points (no heartbeat-only write when nothing is buffered). */
  flushPending(): Promise<void>;
  /** Refreshes the heartbeat. */
  heartbeat(): Promise<void>;
  /** Logs one system-metrics sample at this run's next system step (1, 2, …); ignored once ended. */
  logSystemMetrics(metrics: Record<string, number>): void;
  readonly ended: boolean;
}

interface RunContext {
  backend: TrackingBackend;
  clock: Clock;
  run: Run;
  /** Auto-flush once this many points are buffered. */
  bufferPoints: number;
  /** `ready()` waits while more points than this are buffered or being written. */
  maxPendingPoints: number;
  /** Opens a local file for `logArtifact(path, { path })` (Node) or refuses (browsers). */
  openLocalFile: (path: string) => Promise<ByteSource>;
  onEnd: (run: RunControl) => void;
}

const validKeys = new Set<string>();

function checkKey(key: unknown): void {
  if (typeof key === 'string' && validKeys.has(key)) return;
  trackingErrors.parse(KeySchema, key, `metric key ${JSON.stringify(key)}`);
  if (validKeys.size < 100_000) validKeys.add(key as string);
}

function pointError(message: string) {
  return trackingErrors.error('PLINTH_VALIDATION', message);
}

function checkValue(key: string, value: unknown): void {
  if (typeof value !== 'number') throw pointError(`metric "${key}" must be a number, got ${typeof value}`);
}

function resolveStep(step: unknown): number {
  if (step === undefined) return 0;
  if (!Number.isSafeInteger(step))
    throw pointError(`metric step must be a safe integer, got ${String(step)}`);
  return step as number;
}

function resolveTimestamp(timestamp: unknown): number {
  const ms = epochMsOf(timestamp);
  if (ms === undefined) {
    throw pointError(
      `metric timestamp must be a Date or epoch milliseconds from 0 to year 9999, got ${String(timestamp)}`,
    );
  }
  return ms;
}

/** Checks the options object of `logMetric`/`logMetrics` without allocating (a hot path). */
function checkMetricOptions(options: unknown): asserts options is MetricOptions {
  if (typeof options !== 'object' || options === null) {
    throw pointError(
      `metric options must be an object like { step, timestamp }, got ${options === null ? 'null' : typeof options}`,
    );
  }
  for (const key in options) {
    if (key !== 'step' && key !== 'timestamp') {
      throw pointError(`unknown metric option ${JSON.stringify(key)}; the options are step and timestamp`);
    }
  }
}

/** Creates the handle of a started run. */
export function activeRun(context: RunContext): RunControl {
  const { backend, clock, run } = context;
  const buffers = new Map<string, KeyBuffer>();
  const inflight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let buffered = 0;
  let writing = 0;
  let waiters: Array<() => void> = [];
  let ended = false;
  let systemStep = 0;
  let chain: Promise<unknown> = Promise.resolve();

  const updateRun = (mutate: (current: Run) => Run | undefined) => {
    const next = chain.then(() => backend.updateRun(run.id, mutate));
    chain = next.catch(() => undefined);
    return next;
  };

  const assertOpen = () => {
    if (ended) {
      throw trackingErrors.error('PLINTH_CLOSED', `run "${run.id}" has ended; start a new run to log more`);
    }
  };

  const bufferFor = (key: string): KeyBuffer => {
    let buffer = buffers.get(key);
    if (!buffer) {
      checkKey(key);
      buffer = new KeyBuffer(key);
      buffers.set(key, buffer);
    }
    return buffer;
  };

  /** Takes every buffered point out of the buffers: the batches to write and each key's latest point. */
  const drain = () => {
    const batches = [];
    const latest = new Map<string, LatestMetric>();
    for (const buffer of buffers.values()) {
      if (buffer.length === 0) continue;
      const drained = buffer.drain();
      batches.push({ key: buffer.key, columns: drained, count: drained.count });
      latest.set(buffer.key, latestOf(drained, drained.count)!);
    }
    const count = buffered;
    buffered = 0;
    return { batches, latest, count };
  };

  const withLatest = (current: Run, latest: Map<string, LatestMetric>): Run['metrics'] => {
    const merged: Array<[string, LatestMetric]> = [];
    for (const [key, point] of latest)
      merged.push([key, mergeLatest(ownValue(current.metrics, key), point)!]);
    return withOwn(current.metrics, merged);
  };

  const seal = (): void => {
    if (buffered === 0) return;
    const { batches, latest, count } = drain();
    writing += count;
    // Started here, outside the closure below, so that nothing keeps the drained columns alive once the
    // backend has encoded them (a loop that never yields holds only the encoded batches, 24 bytes a point).
    let written: Promise<void>;
    try {
      written = backend.writeMetrics(run.id, batches);
    } catch (error) {
      written = Promise.reject(error);
    }
    const write = (async () => {
      await written;
      const heartbeatAt = clock.now();
      await updateRun((current) => ({ ...current, metrics: withLatest(current, latest), heartbeatAt }));
    })();
    inflight.add(write);
    const settled = () => {
      inflight.delete(write);
      writing -= count;
      if (writing + buffered <= context.maxPendingPoints || inflight.size === 0) {
        const ready = waiters;
        waiters = [];
        for (const resolve of ready) resolve();
      }
    };
    write.then(settled, (error: unknown) => {
      failures.push(error);
      settled();
    });
  };

  const settle = async () => {
    await Promise.allSettled([...inflight]);
    if (failures.length > 0) {
      const [first] = failures.splice(0);
      throw first;
    }
  };

  const control: RunControl = {
    id: run.id,
    experimentId: run.experimentId,
    name: run.name,
    get ended() {
      return ended;
    },
    async logParams(params) {
      assertOpen();
      const parsed = trackingErrors.parse(ParamsSchema, params, 'params');
      await updateRun((current) => {
        if (current.lifecycle === 'deleted') {
          throw trackingErrors.error(
            'PLINTH_CONFLICT',
            `run "${run.id}" is deleted; restore it before logging`,
          );
        }
        let changed = false;
        for (const [key, value] of Object.entries(parsed)) {
          const existing = ownValue(current.params, key);
          if (existing === undefined) changed = true;
          else if (existing !== value) {
            throw trackingErrors.error(
              'PLINTH_CONFLICT',
              `param "${key}" of run "${run.id}" is already "${existing.length > 80 ? `${existing.slice(0, 80)}…` : existing}"; params are immutable, log the new value under another key or start a new run`,
              { details: { key } },
            );
          }
        }
        return changed ? { ...current, params: withOwn(current.params, parsed) } : undefined;
      });
    },
    logMetric(key, value, options) {
      assertOpen();
      checkValue(key, value);
      const buffer = bufferFor(key);
      let step = 0;
      let timestamp: number;
      if (options === undefined) timestamp = clock.now();
      else {
        checkMetricOptions(options);
        step = resolveStep(options.step);
        timestamp = options.timestamp === undefined ? clock.now() : resolveTimestamp(options.timestamp);
      }
      buffer.push(value, step, timestamp);
      if (++buffered >= context.bufferPoints) seal();
    },
    logMetrics(metrics, options) {
      assertOpen();
      if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
        throw pointError(
          `logMetrics takes an object of metric names to numbers, got ${metrics === null ? 'null' : Array.isArray(metrics) ? 'an array' : typeof metrics}`,
        );
      }
      if (options !== undefined) checkMetricOptions(options);
      const step = resolveStep(options?.step);
      const timestamp = options?.timestamp === undefined ? clock.now() : resolveTimestamp(options.timestamp);
      const keys = Object.keys(metrics);
      for (const key of keys) {
        checkKey(key);
        checkValue(key, metrics[key]);
      }
      for (const key of keys) bufferFor(key).push(metrics[key]!, step, timestamp);
      buffered += keys.length;
      if (buffered >= context.bufferPoints) seal();
    },
    logSystemMetrics(metrics) {
      if (ended) return;
      systemStep += 1;
      control.logMetrics(metrics, { step: systemStep });
    },
    async setTags(tags) {
      assertOpen();
      const parsed = trackingErrors.parse(TagsInputSchema, tags, 'tags');
      await updateRun((current) => ({ ...current, tags: withOwn(current.tags, parsed) }));
    },
    async logArtifact(path, content) {
      assertOpen();
      const checked = trackingErrors.parse(RelativePathSchema, path, 'artifact path');
      const body = await artifactBody(content, context.openLocalFile);
      return backend.putArtifact(run.id, checked, body);
    },
    async logInput(input) {
      assertOpen();
      const parsed = trackingErrors.parse(RunInputSchema, input, 'run input');
      await updateRun((current) => {
        const same = current.inputs.some(
          (existing) =>
            existing.dataset.name === parsed.dataset.name &&
            existing.dataset.digest === parsed.dataset.digest &&
            existing.context === parsed.context,
        );
        return same ? undefined : { ...current, inputs: [...current.inputs, parsed] };
      });
    },
    ready() {
      if (writing + buffered <= context.maxPendingPoints || inflight.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    async flushPending() {
      seal();
      await settle();
    },
    async heartbeat() {
      const heartbeatAt = clock.now();
      await updateRun((current) => ({ ...current, heartbeatAt }));
    },
    async flush() {
      const hadPoints = buffered > 0;
      seal();
      await settle();
      if (!hadPoints) await control.heartbeat();
    },
    async end(options = {}) {
      const parsed = trackingErrors.parse(EndRunOptionsSchema, options, 'end options');
      assertOpen();
      const status = parsed.status ?? 'finished';
      if (parsed.endTime !== undefined && parsed.endTime < run.startTime) {
        throw trackingErrors.invalid('end options', {
          path: 'endTime',
          message: `must not be before the run's start time ${new Date(run.startTime).toISOString()}`,
        });
      }
      // The last points' batches are written here and their latest values go into the same document update
      // as the status: one compare-and-set instead of two.
      const last = buffered > 0 ? drain() : undefined;
      ended = true;
      context.onEnd(control);
      await settle();
      if (last) await backend.writeMetrics(run.id, last.batches);
      const now = clock.now();
      const endTime = parsed.endTime ?? Math.max(now, run.startTime);
      return updateRun((current) => ({
        ...current,
        ...(last ? { metrics: withLatest(current, last.latest) } : {}),
        status,
        endTime,
        heartbeatAt: now,
      }));
    },
    async get() {
      const stored = await backend.getRun(run.id);
      if (!stored) throw trackingErrors.error('PLINTH_NOT_FOUND', `run "${run.id}" does not exist`);
      return stored;
    },
  };
  return control;
}
