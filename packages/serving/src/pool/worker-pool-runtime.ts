import { createRequire } from 'node:module';
import type { TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { TensorData } from '../model/dtypes.ts';
import type {
  InferenceRuntime,
  RuntimeSession,
  RuntimeTensor,
  RuntimeValueMetadata,
} from '../runtime/types.ts';
import { PoolWorker } from './pool-worker.ts';

/** Options of {@link workerPoolRuntime}. */
export interface WorkerPoolOptions {
  /** Number of worker threads, each with its own session. */
  readonly size: number;
  /**
   * The module each worker `require`s as onnxruntime-node (a path or a package name).
   * @default `onnxruntime-node`, resolved from this package
   */
  readonly module?: string;
}

interface Loaded {
  inputNames: string[];
  outputNames: string[];
  inputMetadata?: RuntimeValueMetadata[];
  outputMetadata?: RuntimeValueMetadata[];
}

/**
 * An {@link InferenceRuntime} whose sessions live in a pool of `worker_threads`, each worker holding its own
 * onnxruntime-node session (one intra-op thread each unless `sessionOptions` say otherwise), so `size` runs go
 * on at once on `size` cores. A run goes to the live worker with the fewest runs in flight. A worker that dies
 * (a native crash, `process.exit`, an uncaught error) fails the runs it had in flight with that error as their
 * cause and is replaced by a new worker loading the same model; runs wait for it when no other worker is alive.
 * A replacement that cannot load leaves the pool one worker short. Node only.
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
        ortPath = createRequire(import.meta.url).resolve(options.module ?? 'onnxruntime-node');
      } catch (cause) {
        throw errors.error(
          'PLINTH_MODEL_LOAD',
          'onnxruntime-node is not installed; npm install onnxruntime-node',
          { cause },
        );
      }
      const loadOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, ...sessionOptions };
      const workers: PoolWorker[] = [];
      const replacements = new Set<Promise<void>>();
      let released = false;
      let lastDeath: Error | undefined;

      const spawn = async (): Promise<{ worker: PoolWorker; loaded: Loaded }> => {
        const worker = new PoolWorker(ortPath, replace);
        try {
          const loaded = await worker.request<Loaded>({ type: 'load', bytes, options: loadOptions }, [
            'loaded',
          ]);
          if (worker.dead) throw worker.dead;
          worker.loaded = true;
          return { worker, loaded };
        } catch (error) {
          await worker.worker.terminate();
          throw error;
        }
      };

      function replace(dead: PoolWorker): void {
        lastDeath = dead.dead;
        if (released) return;
        const replacement: Promise<void> = spawn().then(
          ({ worker }) => {
            if (released) return void worker.worker.terminate();
            workers[workers.indexOf(dead)] = worker;
          },
          (error: unknown) => {
            lastDeath = error instanceof Error ? error : new Error(String(error));
          },
        );
        replacements.add(replacement);
        void replacement.finally(() => replacements.delete(replacement));
      }

      const started = await Promise.allSettled(Array.from({ length: size }, spawn));
      const failed = started.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        await Promise.all(
          started.map((outcome) =>
            outcome.status === 'fulfilled' ? outcome.value.worker.worker.terminate() : 0,
          ),
        );
        throw failed.reason;
      }
      for (const outcome of started)
        workers.push((outcome as PromiseFulfilledResult<{ worker: PoolWorker }>).value.worker);
      const first = (started[0] as PromiseFulfilledResult<{ loaded: Loaded }>).value.loaded;
      let nextId = 0;

      const run = (feeds: Record<string, RuntimeTensor>): Promise<Record<string, RuntimeTensor>> => {
        let chosen: PoolWorker | undefined;
        for (const worker of workers)
          if (!worker.dead && (!chosen || worker.pending.size < chosen.pending.size)) chosen = worker;
        if (chosen) return chosen.run(nextId++, feeds);
        if (replacements.size > 0) return Promise.race(replacements).then(() => run(feeds));
        return Promise.reject(
          new Error(`every pool worker died and none could be replaced; last: ${lastDeath?.message}`, {
            cause: lastDeath,
          }),
        );
      };

      return {
        ...first,
        concurrency: size,
        run,
        async release() {
          released = true;
          await Promise.all(replacements);
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
