import { errors } from '../internal/errors.ts';
import { preciseClock } from '../internal/precise-clock.ts';
import { type CheckedTensor, compileInputCheck } from '../model/input-check.ts';
import { setOwn } from '../model/session-model.ts';
import { isBatchable, tensorSpecs } from '../model/tensor-spec.ts';
import type { Model, ModelInputs, ModelOutputs, PredictOptions, TensorValue } from '../model/types.ts';
import { concatRows, splitRows } from './merge.ts';
import {
  type BatchedModel,
  type BatcherOptions,
  BatcherOptionsSchema,
  type BatcherTimers,
} from './options.ts';
import { SampleWindow } from './sample-window.ts';

/** One queued request. */
interface Entry {
  readonly checked: CheckedTensor[];
  readonly rows: number;
  /** Requests with the same key stack along dim 0; `undefined` runs alone. */
  readonly key: string | undefined;
  readonly enqueuedAt: number;
  readonly resolve: ((outputs: ModelOutputs) => void) | undefined;
  readonly reject: ((error: unknown) => void) | undefined;
  /** Set instead of `resolve`/`reject` by {@link enqueueOn}: told the outputs or the error, and the time. */
  readonly done: BatchDone | undefined;
  readonly signal: AbortSignal | undefined;
  onAbort?: () => void;
  state: 'queued' | 'running' | 'settled';
}

/** How {@link enqueueOn} reports a request's end: outputs, or `undefined` and the error; and the clock's time. */
export type BatchDone = (outputs: ModelOutputs | undefined, error: unknown, now: number) => void;

/** Queues a request on a batcher without a promise of its own (see {@link enqueueOn}). */
type Enqueue = (
  inputs: ModelInputs,
  signal: AbortSignal | undefined,
  enqueuedAt: number,
  done: BatchDone,
) => void;

const ENQUEUE = Symbol('plinth.batcher.enqueue');

/**
 * The batcher's promise-free way in, for a caller with its own promise per request (a deployment): the request
 * counts as queued from `enqueuedAt` (the caller's clock reading), and `done` is called once with its outputs or
 * error and the time it settled. `undefined` when `model` is not a batcher. Throws what `predict` would reject
 * with when the request cannot be queued (inputs, a full queue, a closed batcher, an aborted signal).
 */
export function enqueueOn(model: Model): Enqueue | undefined {
  return (model as { [ENQUEUE]?: Enqueue })[ENQUEUE];
}

const SAMPLES = 4096;
/** Full batches a batcher hands to its model per concurrency slot without waiting (see `pump`). */
const FULL_BATCHES_AHEAD = 4;
const globalTimers: BatcherTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function isModel(value: unknown): value is Model {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Model).predict === 'function' &&
    typeof (value as Model).dispose === 'function' &&
    typeof (value as Model).signature === 'object'
  );
}

function inputsOf(checked: readonly CheckedTensor[]): ModelInputs {
  const inputs: Record<string, TensorValue> = {};
  for (const tensor of checked) setOwn(inputs, tensor.name, { data: tensor.data, dims: tensor.dims });
  return inputs;
}

/**
 * Puts a dynamic batcher in front of a model: queued requests (one row or several) are stacked along dim 0 into
 * one tensor per input, up to `maxBatchSize` rows, run once, and the outputs split back, in FIFO order.
 * Requests whose shapes cannot stack (other dims differ from their neighbours', more rows than
 * `maxBatchSize`, a model without a dynamic batch dimension) run alone in their turn. When a merged run fails,
 * its requests are retried one by one, so a bad request fails alone.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options or a value that is not a model; from `predict`:
 * `PLINTH_VALIDATION` (inputs), `PLINTH_OVERLOADED` (queue full), `PLINTH_TIMEOUT` (queued past
 * `queueTimeoutMs`), `PLINTH_ABORTED`, `PLINTH_CLOSED`, and the model's own errors (`PLINTH_INFERENCE`).
 * @example
 * ```ts
 * const batched = createBatcher(model, { maxBatchSize: 64, maxQueueDelayMs: 2, queueTimeoutMs: 1000 });
 * const { score } = await batched.predict({ features: [row] }); // concurrent calls share one run
 * console.log(batched.stats().batchSize.p50);
 * ```
 */
export function createBatcher(model: Model, options: BatcherOptions = {}): BatchedModel {
  if (!isModel(model)) {
    throw errors.invalid('createBatcher model', {
      path: '',
      message: 'must be a Model (from loadModel, with signature, predict and dispose)',
    });
  }
  const settings = errors.parse(BatcherOptionsSchema, options, 'createBatcher options');
  const maxBatchSize = settings.maxBatchSize ?? 64;
  const maxQueueDelayMs = settings.maxQueueDelayMs ?? 0;
  const maxQueueSize = settings.maxQueueSize ?? 10_000;
  const queueTimeoutMs = settings.queueTimeoutMs;
  const maxConcurrency = settings.maxConcurrency ?? model.concurrency ?? 1;
  // unless maxConcurrency is set (a hard limit), full batches do not wait for a slot: up to this many are handed
  // to the model at once (see pump)
  const maxFullInFlight =
    settings.maxConcurrency === undefined ? FULL_BATCHES_AHEAD * maxConcurrency : maxConcurrency;
  const clock = settings.clock ?? preciseClock;
  const timers = settings.timers ?? globalTimers;
  const check = compileInputCheck(model.signature);
  const specs = tensorSpecs(model.signature.inputs);
  const batchable = isBatchable(specs);
  // when every non-batch dimension is static, the check already made all requests alike: one key for all
  const allStatic = specs.every((spec) => spec.shape.slice(1).every((dim) => dim !== -1));
  const { source } = model;

  let splittable = true;
  const queue: Entry[] = [];
  let queuedRows = 0;
  let inFlight = 0;
  let closed = false;
  let pumpScheduled = false;
  let flushTimer: unknown;
  let expiryTimer: unknown;
  let expiryFor: Entry | undefined;
  let idle: (() => void) | undefined;
  const counts = {
    requests: 0,
    rows: 0,
    batches: 0,
    completed: 0,
    failed: 0,
    overloaded: 0,
    timedOut: 0,
    aborted: 0,
  };
  const batchSize = new SampleWindow(SAMPLES);
  const queueWait = new SampleWindow(SAMPLES);
  const latency = new SampleWindow(SAMPLES);

  const keyOf = (checked: readonly CheckedTensor[]): string | undefined => {
    if (!batchable || !splittable) return undefined;
    const rows = checked[0]!.dims[0]!;
    if (rows === 0 || rows > maxBatchSize) return undefined;
    if (allStatic) {
      for (const tensor of checked) if (tensor.dims[0] !== rows) return undefined;
      return '';
    }
    let key = '';
    for (const tensor of checked) {
      if (tensor.dims[0] !== rows) return undefined;
      for (let axis = 1; axis < tensor.dims.length; axis++) key += `${tensor.dims[axis]},`;
      key += ';';
    }
    return key;
  };

  const settle = (
    entry: Entry,
    outputs: ModelOutputs | undefined,
    error?: unknown,
    now = clock.now(),
  ): void => {
    if (entry.state === 'settled') return;
    entry.state = 'settled';
    if (entry.onAbort) entry.signal!.removeEventListener('abort', entry.onAbort);
    latency.record(now - entry.enqueuedAt);
    if (outputs) counts.completed++;
    else counts.failed++;
    if (entry.done) entry.done(outputs, error, now);
    else if (outputs) entry.resolve!(outputs);
    else entry.reject!(error);
  };

  const removeQueued = (entry: Entry): boolean => {
    const index = queue.indexOf(entry);
    if (index === -1) return false;
    queue.splice(index, 1);
    queuedRows -= entry.rows;
    return true;
  };

  const armExpiry = (): void => {
    const head = queue[0];
    if (queueTimeoutMs === undefined || expiryFor === head) return;
    if (expiryTimer !== undefined) timers.clearTimeout(expiryTimer);
    expiryTimer = undefined;
    expiryFor = head;
    if (!head) return;
    const delay = Math.max(0, head.enqueuedAt + queueTimeoutMs - clock.now());
    expiryTimer = timers.setTimeout(() => {
      expiryTimer = undefined;
      expiryFor = undefined;
      expire();
      pump();
    }, delay);
  };

  const expire = (): void => {
    if (queueTimeoutMs === undefined) return;
    const now = clock.now();
    while (queue.length > 0 && now - queue[0]!.enqueuedAt >= queueTimeoutMs) {
      const entry = queue.shift()!;
      queuedRows -= entry.rows;
      counts.timedOut++;
      settle(
        entry,
        undefined,
        errors.error(
          'PLINTH_TIMEOUT',
          `request to ${source} waited more than queueTimeoutMs (${queueTimeoutMs} ms) in the batch queue; retry later, add capacity, or raise queueTimeoutMs`,
        ),
      );
    }
    armExpiry();
  };

  /** Runs entries as one merged batch (`rows` in all); on failure, or outputs that do not split, one by one. */
  const run = async (entries: readonly Entry[], rows: number): Promise<void> => {
    if (entries.length === 1) {
      const entry = entries[0]!;
      try {
        settle(entry, await model.predict(inputsOf(entry.checked)));
      } catch (error) {
        settle(entry, undefined, error);
      }
      return;
    }
    let outputs: ModelOutputs;
    try {
      const inputs: Record<string, TensorValue> = {};
      const first = entries[0]!.checked;
      for (let index = 0; index < first.length; index++) {
        setOwn(inputs, first[index]!.name, concatRows(entries, index, rows));
      }
      outputs = await model.predict(inputs);
    } catch {
      for (const entry of entries) await run([entry], entry.rows);
      return;
    }
    const parts = splitRows(outputs, entries, rows);
    if (!parts) {
      splittable = false;
      for (const entry of entries) await run([entry], entry.rows);
      return;
    }
    const now = clock.now();
    for (let index = 0; index < entries.length; index++)
      settle(entries[index]!, parts[index], undefined, now);
  };

  const finished = (): void => {
    inFlight--;
    if (inFlight === 0 && idle) idle();
    pump();
  };

  const dispatch = (): void => {
    const head = queue[0]!;
    let count = 1;
    let rows = head.rows;
    if (head.key !== undefined) {
      while (count < queue.length) {
        const next = queue[count]!;
        if (next.key !== head.key || rows + next.rows > maxBatchSize) break;
        rows += next.rows;
        count++;
      }
    }
    const entries = queue.splice(0, count);
    queuedRows -= rows;
    const now = clock.now();
    for (const entry of entries) {
      entry.state = 'running';
      queueWait.record(now - entry.enqueuedAt);
    }
    inFlight++;
    counts.batches++;
    batchSize.record(rows);
    armExpiry();
    void run(entries, rows).then(finished, finished);
  };

  /**
   * Dispatches batches while a slot is free. Unless `maxConcurrency` was set, a full batch (the queue holds
   * `maxBatchSize` rows) does not wait for a slot, up to `FULL_BATCHES_AHEAD` per slot: an in-thread session runs its calls one after another inside
   * `setImmediate` anyway, so full batches handed over together run back to back in one turn of the event loop
   * instead of one turn each; a partial batch still waits for a slot, collecting whatever arrives meanwhile.
   */
  const pump = (): void => {
    pumpScheduled = false;
    expire();
    while (
      queue.length > 0 &&
      (inFlight < maxConcurrency || (inFlight < maxFullInFlight && queuedRows >= maxBatchSize))
    ) {
      if (maxQueueDelayMs > 0 && queuedRows < maxBatchSize) {
        const waited = clock.now() - queue[0]!.enqueuedAt;
        if (waited < maxQueueDelayMs) {
          flushTimer ??= timers.setTimeout(() => {
            flushTimer = undefined;
            pump();
          }, maxQueueDelayMs - waited);
          return;
        }
      }
      dispatch();
    }
  };

  function predict(inputs: ModelInputs, options?: PredictOptions): Promise<ModelOutputs> {
    return new Promise<ModelOutputs>((resolve, reject) => {
      // a request that cannot be queued rejects (enqueue throws before it queues anything)
      enqueue(inputs, options?.signal, clock.now(), resolve, reject, undefined);
    });
  }

  function enqueue(
    inputs: ModelInputs,
    signal: AbortSignal | undefined,
    enqueuedAt: number,
    resolve: ((outputs: ModelOutputs) => void) | undefined,
    reject: ((error: unknown) => void) | undefined,
    done: BatchDone | undefined,
  ): void {
    if (closed) throw errors.error('PLINTH_CLOSED', `the batcher of ${source} was disposed; create another`);
    if (signal?.aborted)
      throw errors.error('PLINTH_ABORTED', `predict on ${source} was aborted`, { cause: signal.reason });
    const checked = check(inputs);
    if (queue.length >= maxQueueSize) {
      counts.overloaded++;
      counts.failed++;
      throw errors.error(
        'PLINTH_OVERLOADED',
        `the batch queue of ${source} is full (maxQueueSize ${maxQueueSize}); retry later, add capacity, or raise maxQueueSize`,
      );
    }
    const entry: Entry = {
      checked,
      rows: checked[0]?.dims[0] ?? 1,
      key: keyOf(checked),
      enqueuedAt,
      resolve,
      reject,
      done,
      signal,
      state: 'queued',
    };
    if (signal) {
      entry.onAbort = () => {
        if (entry.state === 'queued' && removeQueued(entry)) armExpiry();
        counts.aborted++;
        settle(
          entry,
          undefined,
          errors.error('PLINTH_ABORTED', `predict on ${source} was aborted`, { cause: signal.reason }),
        );
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    queue.push(entry);
    queuedRows += entry.rows;
    counts.requests++;
    counts.rows += entry.rows;
    armExpiry();
    if (!pumpScheduled) {
      pumpScheduled = true;
      queueMicrotask(pump);
    }
  }

  const enqueueDone: Enqueue = (inputs, signal, enqueuedAt, done) =>
    enqueue(inputs, signal, enqueuedAt, undefined, undefined, done);

  const batcher: BatchedModel & { [ENQUEUE]: Enqueue } = {
    [ENQUEUE]: enqueueDone,
    signature: model.signature,
    source,
    ...(model.modelName !== undefined ? { modelName: model.modelName } : {}),
    ...(model.modelVersion !== undefined ? { modelVersion: model.modelVersion } : {}),
    predict,
    stats: () => ({
      queued: queue.length,
      queuedRows,
      inFlight,
      ...counts,
      batchSize: batchSize.summary(),
      queueWaitMs: queueWait.summary(),
      latencyMs: latency.summary(),
    }),
    async dispose() {
      if (closed) return;
      closed = true;
      for (const handle of [flushTimer, expiryTimer]) if (handle !== undefined) timers.clearTimeout(handle);
      const closing = errors.error(
        'PLINTH_CLOSED',
        `the batcher of ${source} was disposed before this request ran`,
      );
      for (const entry of queue.splice(0)) settle(entry, undefined, closing);
      queuedRows = 0;
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      if (settings.disposeModel ?? true) await model.dispose();
    },
  };
  return batcher;
}
