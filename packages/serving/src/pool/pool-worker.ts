// One worker thread of a pool: its session, the runs it has in flight, and the input buffers it hands back.
import { Worker } from 'node:worker_threads';
import { isOwnedWhole } from '../internal/owned-buffers.ts';
import type { RuntimeTensor } from '../runtime/types.ts';
import { WORKER_SOURCE } from './worker-source.ts';

/** An input as posted to a worker: strings and booleans inline, typed arrays as a transferred buffer. */
interface WireTensor {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly number[];
  readonly data?: unknown;
  readonly buffer?: ArrayBuffer;
  readonly ctor?: string;
  readonly length?: number;
}

interface Reply {
  readonly type: string;
  readonly id?: number;
  readonly outputs?: [string, RuntimeTensor][];
  readonly buffers?: ArrayBuffer[];
  readonly message?: string;
}

interface Pending {
  resolve(outputs: Record<string, RuntimeTensor>): void;
  reject(error: Error): void;
}

/** Bytes of input buffers kept per worker for reuse (they come back with each answer). */
const MAX_FREE_BYTES = 32 * 1024 * 1024;
/** Smallest buffer made for inputs, so small requests share a few buffers. */
const MIN_BUFFER = 16_384;

/**
 * A worker thread holding one onnxruntime-node session. Typed-array inputs travel as transferred
 * `ArrayBuffer`s (moved, not cloned): a buffer the batcher made for this run goes as it is; anything else is
 * copied once into a buffer from this worker's free list. The worker runs on the buffer directly and transfers
 * it back with the outputs, so the next run reuses memory whose pages are already touched (cloning a fresh
 * 512 KB buffer per message cost 2–10 ms on a loaded VM). When the thread dies (a crash, `process.exit`, an
 * uncaught error), every run in flight on it is rejected with that error and `onDeath` is told once.
 */
export class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  private readonly free: ArrayBuffer[] = [];
  private freeBytes = 0;
  /** Set once the session is loaded; a death before that is a load failure, not a crash. */
  loaded = false;
  dead: Error | undefined;

  constructor(ortPath: string, onDeath: (worker: PoolWorker) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } });
    this.worker.unref();
    this.worker.on('message', (message: Reply) => {
      if (message.buffers) for (const buffer of message.buffers) this.recycle(buffer);
      if (message.id === undefined) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.settle(message.id);
      if (message.type === 'result') {
        const outputs: Record<string, RuntimeTensor> = Object.create(null);
        for (const [name, tensor] of message.outputs!) outputs[name] = tensor;
        pending.resolve(outputs);
      } else pending.reject(new Error(message.message));
    });
    const fail = (error: Error) => {
      if (this.dead) return;
      this.dead = error;
      for (const [id, pending] of this.pending) {
        this.settle(id);
        pending.reject(error);
      }
      if (this.loaded) onDeath(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`pool worker exited with code ${code}`)));
  }

  /** Sends one message and waits for the reply of one of `types`. */
  request<T>(message: unknown, types: readonly string[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
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
    const transfer: ArrayBuffer[] = [];
    const wire: WireTensor[] = [];
    for (const name of Object.keys(feeds)) {
      const { type, data, dims } = feeds[name]!;
      if (!ArrayBuffer.isView(data)) {
        wire.push({ name, type, dims, data });
        continue;
      }
      let buffer: ArrayBuffer;
      if (isOwnedWhole(data) && !transfer.includes(data.buffer as ArrayBuffer)) {
        buffer = data.buffer as ArrayBuffer;
      } else {
        buffer = this.take(data.byteLength);
        new Uint8Array(buffer, 0, data.byteLength).set(
          new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        );
      }
      transfer.push(buffer);
      wire.push({ name, type, dims, buffer, ctor: data.constructor.name, length: data.length });
    }
    return new Promise<Record<string, RuntimeTensor>>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, feeds: wire }, transfer);
    });
  }

  /** A free buffer of at least `byteLength` bytes, or a new one (a power of two). */
  private take(byteLength: number): ArrayBuffer {
    const index = this.free.findIndex((buffer) => buffer.byteLength >= byteLength);
    if (index !== -1) {
      const buffer = this.free.splice(index, 1)[0]!;
      this.freeBytes -= buffer.byteLength;
      return buffer;
    }
    return new ArrayBuffer(Math.max(MIN_BUFFER, 2 ** Math.ceil(Math.log2(byteLength || 1))));
  }

  private recycle(buffer: ArrayBuffer): void {
    if (this.freeBytes + buffer.byteLength > MAX_FREE_BYTES) return;
    this.free.push(buffer);
    this.freeBytes += buffer.byteLength;
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}
