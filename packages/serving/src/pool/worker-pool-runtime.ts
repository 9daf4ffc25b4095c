import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { TensorData } from '../model/dtypes.ts';
import type {
  InferenceRuntime,
  RuntimeSession,
  RuntimeTensor,
  RuntimeValueMetadata,
} from '../runtime/types.ts';
import { WORKER_SOURCE } from './worker-source.ts';

/** Options of {@link workerPoolRuntime}. */
export interface WorkerPoolOptions {
  /** Number of worker threads, each with its own session. */
  readonly size: number;
}

interface Loaded {
  inputNames: string[];
  outputNames: string[];
  inputMetadata?: RuntimeValueMetadata[];
  outputMetadata?: RuntimeValueMetadata[];
}

/** Shared input buffers kept per worker for reuse. */
const MAX_FREE_BUFFERS = 8;

/** An input as posted to a worker: strings inline, typed arrays as a place in the shared buffer. */
interface WireTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data?: unknown;
  readonly ctor?: string;
  readonly byteOffset?: number;
  readonly length?: number;
}

interface Pending {
  resolve(outputs: Record<string, RuntimeTensor>): void;
  reject(error: Error): void;
}

/** One worker and the runs it has in flight. */
class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  /** Shared input buffers not in use. */
  private readonly free: SharedArrayBuffer[] = [];
  dead: Error | undefined;

  constructor(ortPath: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } });
    this.worker.unref();
    this.worker.on(
      'message',
      (message: { type: string; id?: number; outputs?: [string, RuntimeTensor][]; message?: string }) => {
        if (message.id === undefined) return;
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.settle(message.id);
        if (message.type === 'result') {
          const outputs: Record<string, RuntimeTensor> = Object.create(null);
          for (const [name, tensor] of message.outputs!) outputs[name] = tensor;
          pending.resolve(outputs);
        } else pending.reject(new Error(message.message));
      },
    );
    const fail = (error: Error) => {
      this.dead = error;
      for (const [id, pending] of this.pending) {
        this.settle(id);
        pending.reject(error);
      }
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`pool worker exited with code ${code}`)));
  }

  /** Sends one message and waits for the reply of one of `types`. */
  request<T>(message: unknown, types: readonly string[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onMessage = (reply: { type: string; message?: string }) => {
        if (!types.includes(reply.type) && reply.type !== 'load-error') return;
        this.worker.off('message', onMessage);
        this.worker.off('exit', onExit);
        this.worker.unref();
        if (reply.type === 'load-error') reject(new Error(reply.message));
        else resolve(reply as T);
      };
      const onExit = (code: number) => reject(new Error(`pool worker exited with code ${code}`));
      this.worker.on('message', onMessage);
      this.worker.once('exit', onExit);
      this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  run(id: number, feeds: Record<string, RuntimeTensor>): Promise<Record<string, RuntimeTensor>> {
    if (this.dead) return Promise.reject(this.dead);
    const { sab, list } = this.pack(feeds);
    return new Promise<Record<string, RuntimeTensor>>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, feeds: list, sab });
    }).finally(() => {
      if (sab && this.free.length < MAX_FREE_BUFFERS) this.free.push(sab);
    });
  }

  /**
   * Copies typed-array inputs into one SharedArrayBuffer (reused across runs, so its pages are touched once;
   * cloning fresh buffers into every message costs far more on a loaded VM); strings go in the message.
   */
  private pack(feeds: Record<string, RuntimeTensor>) {
    let total = 0;
    for (const name of Object.keys(feeds)) {
      const data = feeds[name]!.data;
      if (ArrayBuffer.isView(data)) total += (data.byteLength + 7) & ~7;
    }
    let sab: SharedArrayBuffer | undefined;
    if (total > 0) {
      const index = this.free.findIndex((buffer) => buffer.byteLength >= total);
      sab =
        index === -1
          ? new SharedArrayBuffer(Math.max(65_536, 2 ** Math.ceil(Math.log2(total))))
          : this.free.splice(index, 1)[0]!;
    }
    const list: [string, WireTensor][] = [];
    let offset = 0;
    for (const name of Object.keys(feeds)) {
      const { type, data, dims } = feeds[name]!;
      if (!ArrayBuffer.isView(data)) {
        list.push([name, { type, dims, data }]);
        continue;
      }
      new Uint8Array(sab!, offset, data.byteLength).set(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      );
      list.push([name, { type, dims, ctor: data.constructor.name, byteOffset: offset, length: data.length }]);
      offset += (data.byteLength + 7) & ~7;
    }
    return { sab, list };
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

/**
 * An {@link InferenceRuntime} whose sessions live in a pool of `worker_threads`, each worker holding its own
 * onnxruntime-node session (one intra-op thread each unless `sessionOptions` say otherwise), so `size` runs go
 * on at once on `size` cores. A run goes to the worker with the fewest runs in flight. Node only.
 */
export function workerPoolRuntime(options: WorkerPoolOptions): InferenceRuntime {
  const { size } = options;
  if (!Number.isSafeInteger(size) || size < 1 || size > 64) {
    throw errors.invalid('workerPoolRuntime options', {
      path: 'size',
      message: 'must be an integer from 1 to 64',
    });
  }
  return {
    name: 'onnxruntime-node (worker pool)',
    async createSession(bytes, sessionOptions = {}): Promise<RuntimeSession> {
      let ortPath: string;
      try {
        ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
      } catch (cause) {
        throw errors.error(
          'PLINTH_MODEL_LOAD',
          'onnxruntime-node is not installed; npm install onnxruntime-node',
          { cause },
        );
      }
      const workers = Array.from({ length: size }, () => new PoolWorker(ortPath));
      const loadOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, ...sessionOptions };
      let loaded: Loaded[];
      try {
        loaded = await Promise.all(
          workers.map((worker) =>
            worker.request<Loaded>({ type: 'load', bytes, options: loadOptions }, ['loaded']),
          ),
        );
      } catch (error) {
        await Promise.all(workers.map((worker) => worker.worker.terminate()));
        throw error;
      }
      const first = loaded[0]!;
      let nextId = 0;
      return {
        ...first,
        concurrency: size,
        run(feeds) {
          let chosen = workers[0]!;
          for (const worker of workers)
            if (!worker.dead && (chosen.dead || worker.pending.size < chosen.pending.size)) chosen = worker;
          return chosen.run(nextId++, feeds);
        },
        async release() {
          await Promise.all(
            workers.map(async (worker) => {
              if (!worker.dead) await worker.request({ type: 'release' }, ['released']).catch(() => {});
              await worker.worker.terminate();
            }),
          );
        },
      };
    },
    tensor(dtype: TensorDtype, data: TensorData, dims: readonly number[]): RuntimeTensor {
      return { type: dtype, data, dims };
    },
  };
}
