// Replays live traffic against a deployment with a fixed number of requests in flight (the clients), reports
// each answer, and counts failed requests: the demo's promise is that there are none.
import type { Deployment, PredictionResult } from '@plinth/serving';
import type { TransactionRequest } from './online.ts';

export interface ReplayOptions {
  /** Requests in flight at once. @default 32 */
  concurrency?: number;
  /** Called before each request is sent (moves the simulated clock). */
  beforeRequest?: (request: TransactionRequest, index: number) => void | Promise<void>;
  onAnswer?: (request: TransactionRequest, result: PredictionResult, index: number) => void;
  onProgress?: (done: number) => void;
}

export interface ReplayResult {
  requests: number;
  failed: number;
  errors: unknown[];
}

export async function replay(
  deployment: () => Deployment<TransactionRequest>,
  requests: readonly TransactionRequest[],
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  let next = 0;
  let done = 0;
  const result: ReplayResult = { requests: requests.length, failed: 0, errors: [] };
  const client = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index]!;
      await options.beforeRequest?.(request, index);
      try {
        const answer = await deployment().predict(request);
        options.onAnswer?.(request, answer, index);
      } catch (error) {
        result.failed++;
        if (result.errors.length < 5) result.errors.push(error);
      }
      done++;
      if (done % 250 === 0 || done === requests.length) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, client));
  return result;
}
