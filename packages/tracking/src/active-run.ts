import {
  type ByteSource,
  type Clock,
  KeySchema,
  parseOrThrow,
  RelativePathSchema,
  systemClock,
  TagsSchema,
  textToBytes,
} from '@plinth/core';
import type { ArtifactInfo, TrackingBackend } from './backend.ts';
import { COMPONENT, trackingError } from './errors.ts';
import { KeyBuffer } from './metrics/buffer.ts';
import { latestOf, mergeLatest } from './metrics/latest.ts';
import {
  type LatestMetric,
  ParamsSchema,
  type Run,
  type RunInput,
  RunInputSchema,
  type RunStatus,
} from './schemas/run.ts';

/** Options of `logMetric` / `logMetrics`. */
export interface MetricOptions {
  /** Training step (a safe integer). @default 0 */
  step?: number;
  /** When the value was observed. @default the tracker clock's now */
  timestamp?: number | Date;
}

/** A value `logArtifact` accepts: bytes, a string (written as UTF-8), or a stream. */
export type ArtifactSource = Uint8Array | string | ByteSource;

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
   * Logs params. Params are immutable: the same value again is fine, a different one is a conflict.
   * @throws {PlinthError} `PLINTH_VALIDATION` (bad key, value over 6,000 characters); `PLINTH_CONFLICT`.
   */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /**
   * Buffers one metric point; validated now, so bad input throws and nothing is stored.
   * @throws {PlinthError} `PLINTH_VALIDATION`; `PLINTH_CLOSED` after `end()`.
   */
  logMetric(key: string, value: number, options?: MetricOptions): void;
  /** Buffers several metrics at the same step; all are validated before any is buffered. */
  logMetrics(metrics: Record<string, number>, options?: MetricOptions): void;
  /**
   * Sets tags (values up to 8,000 characters); existing keys are overwritten.
   * @throws {PlinthError} `PLINTH_VALIDATION`.
   */
  setTags(tags: Record<string, string>): Promise<void>;
  /**
   * Stores an artifact at a relative path, streaming a stream source into storage.
   * @throws {PlinthError} `PLINTH_VALIDATION` for an unsafe path.
   */
  logArtifact(path: string, source: ArtifactSource): Promise<ArtifactInfo>;
  /** Records a dataset input (the same dataset and context twice is stored once). */
  logInput(input: RunInput): Promise<void>;
  /** Resolves when everything logged so far is durable; refreshes the heartbeat. */
  flush(): Promise<void>;
  /**
   * Backpressure for tight logging loops: resolves at once unless more than `maxPendingPoints` points wait
   * for storage, then when the background writes have caught up. `await run.ready()` once per batch keeps
   * memory bounded however fast the loop logs.
   */
  ready(): Promise<void>;
  /** Flushes, then records the final status. @default status 'finished' */
  end(options?: { status?: Exclude<RunStatus, 'running'> }): Promise<Run>;
  /** The run as stored now (after a flush, with the latest metrics). */
  get(): Promise<Run>;
}

/** Internals the tracker needs from a run it created. */
export interface RunControl extends ActiveRun {
  /** Writes buffered points (no heartbeat-only write when nothing is buffered). */
  flushPending(): Promise<void>;
  /** Refreshes the heartbeat. */
  heartbeat(): Promise<void>;
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
  onEnd: (run: RunControl) => void;
}

const NOW_REUSE = 1024;
const validKeys = new Set<string>();

function checkKey(key: string): void {
  if (validKeys.has(key)) return;
  parseOrThrow(KeySchema, key, { component: COMPONENT, subject: `metric key ${JSON.stringify(key)}` });
  if (validKeys.size < 100_000) validKeys.add(key);
}

function pointError(message: string) {
  return trackingError('PLINTH_VALIDATION', message);
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
  let chain: Promise<unknown> = Promise.resolve();

  const updateRun = (mutate: (current: Run) => Run | undefined) => {
    const next = chain.then(() => backend.updateRun(run.id, mutate));
    chain = next.catch(() => undefined);
    return next;
  };

  const assertOpen = () => {
    if (ended) {
      throw trackingError('PLINTH_CLOSED', `run "${run.id}" has ended; start a new run to log more`);
    }
  };

  // Reading the system clock costs more than buffering a point: within one synchronous burst it is read
  // once per 1,024 points, and always again after the burst (a microtask later).
  let cachedNow = 0;
  let nowUses = NOW_REUSE;
  let refreshQueued = false;
  const now = (): number => {
    if (clock !== systemClock) return clock.now();
    if (nowUses++ < NOW_REUSE) return cachedNow;
    cachedNow = clock.now();
    nowUses = 1;
    if (!refreshQueued) {
      refreshQueued = true;
      queueMicrotask(() => {
        nowUses = NOW_REUSE;
        refreshQueued = false;
      });
    }
    return cachedNow;
  };

  const resolveTimestamp = (timestamp: number | Date | undefined): number => {
    if (timestamp === undefined) return now();
    const ms = timestamp instanceof Date ? timestamp.getTime() : timestamp;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw pointError('metric timestamp must be a Date or finite epoch milliseconds ≥ 0');
    }
    return ms;
  };

  const resolveStep = (step: number | undefined): number => {
    if (step === undefined) return 0;
    if (!Number.isSafeInteger(step))
      throw pointError(`metric step must be a safe integer, got ${String(step)}`);
    return step;
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

  /** Takes every buffered point out of the buffers: the segments to write and each key's latest point. */
  const drain = () => {
    const batches = [];
    const latest: Record<string, LatestMetric> = {};
    for (const buffer of buffers.values()) {
      if (buffer.length === 0) continue;
      const drained = buffer.drain();
      batches.push({ key: buffer.key, columns: drained, count: drained.count });
      latest[buffer.key] = latestOf(drained, drained.count)!;
    }
    const count = buffered;
    buffered = 0;
    return { batches, latest, count };
  };

  const withLatest = (current: Run, latest: Record<string, LatestMetric>): Run['metrics'] => {
    const metrics = { ...current.metrics };
    for (const [key, point] of Object.entries(latest)) metrics[key] = mergeLatest(metrics[key], point)!;
    return metrics;
  };

  const seal = (): void => {
    if (buffered === 0) return;
    const { batches, latest, count } = drain();
    writing += count;
    // Started here, outside the closure below, so that nothing keeps the drained columns alive once the
    // backend has encoded them (a loop that never yields holds only the encoded segments, 24 bytes a point).
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
      const parsed = parseOrThrow(ParamsSchema, params, { component: COMPONENT, subject: 'params' });
      await updateRun((current) => {
        if (current.lifecycle === 'deleted') {
          throw trackingError('PLINTH_CONFLICT', `run "${run.id}" is deleted; restore it before logging`);
        }
        let changed = false;
        for (const [key, value] of Object.entries(parsed)) {
          const existing = current.params[key];
          if (existing === undefined) changed = true;
          else if (existing !== value) {
            throw trackingError(
              'PLINTH_CONFLICT',
              `param "${key}" of run "${run.id}" is already "${existing.length > 80 ? `${existing.slice(0, 80)}…` : existing}"; params are immutable, log the new value under another key or start a new run`,
              { key },
            );
          }
        }
        return changed ? { ...current, params: { ...current.params, ...parsed } } : undefined;
      });
    },
    logMetric(key, value, options) {
      assertOpen();
      if (typeof value !== 'number')
        throw pointError(`metric "${key}" must be a number, got ${typeof value}`);
      const buffer = bufferFor(key);
      const step = resolveStep(options?.step);
      const timestamp = resolveTimestamp(options?.timestamp);
      buffer.push(value, step, timestamp);
      if (++buffered >= context.bufferPoints) seal();
    },
    logMetrics(metrics, options) {
      assertOpen();
      const step = resolveStep(options?.step);
      const timestamp = resolveTimestamp(options?.timestamp);
      const entries = Object.entries(metrics);
      for (const [key, value] of entries) {
        checkKey(key);
        if (typeof value !== 'number')
          throw pointError(`metric "${key}" must be a number, got ${typeof value}`);
      }
      for (const [key, value] of entries) bufferFor(key).push(value, step, timestamp);
      buffered += entries.length;
      if (buffered >= context.bufferPoints) seal();
    },
    async setTags(tags) {
      assertOpen();
      const parsed = parseOrThrow(TagsSchema, tags, { component: COMPONENT, subject: 'tags' });
      await updateRun((current) => ({ ...current, tags: { ...current.tags, ...parsed } }));
    },
    async logArtifact(path, source) {
      assertOpen();
      const checked = parseOrThrow(RelativePathSchema, path, {
        component: COMPONENT,
        subject: 'artifact path',
      });
      const body = typeof source === 'string' ? textToBytes(source) : source;
      return backend.putArtifact(run.id, checked, body);
    },
    async logInput(input) {
      assertOpen();
      const parsed = parseOrThrow(RunInputSchema, input, { component: COMPONENT, subject: 'run input' });
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
      assertOpen();
      const status = options.status ?? 'finished';
      if (!['finished', 'failed', 'killed'].includes(status)) {
        throw pointError(`status must be 'finished', 'failed' or 'killed', got ${JSON.stringify(status)}`);
      }
      // The last points' segments are written here and their latest values go into the same document update
      // as the status: one compare-and-set instead of two.
      const last = buffered > 0 ? drain() : undefined;
      ended = true;
      context.onEnd(control);
      await settle();
      if (last) await backend.writeMetrics(run.id, last.batches);
      const endTime = clock.now();
      return updateRun((current) => ({
        ...current,
        ...(last ? { metrics: withLatest(current, last.latest) } : {}),
        status,
        endTime,
        heartbeatAt: endTime,
      }));
    },
    async get() {
      const stored = await backend.getRun(run.id);
      if (!stored) throw trackingError('PLINTH_NOT_FOUND', `run "${run.id}" does not exist`);
      return stored;
    },
  };
  return control;
}
