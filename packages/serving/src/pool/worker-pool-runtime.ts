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

interface Pending {
  resolve(outputs: Record<string, RuntimeTensor>): void;
  reject(error: Error): void;
}

/** One worker and the runs it has in flight. */
class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
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

  run(id: number, feeds: [string, RuntimeTensor][]): Promise<Record<string, RuntimeTensor>> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, feeds });
    });
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

/** A typed array that owns its whole buffer, so posting it copies no more than its own bytes. */
function compact(data: TensorData): TensorData {
  if (ArrayBuffer.isView(data) && data.byteLength !== data.buffer.byteLength)
    return data.slice() as TensorData;
  return data;
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
          const list: [string, RuntimeTensor][] = [];
          for (const name of Object.keys(feeds)) {
            const tensor = feeds[name]!;
            list.push([name, { type: tensor.type, data: compact(tensor.data), dims: tensor.dims }]);
          }
          return chosen.run(nextId++, list);
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
