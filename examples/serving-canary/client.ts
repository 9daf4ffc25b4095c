// A client of the endpoint: plain fetch and the Open Inference Protocol's JSON, nothing from Plinth.
import { seededRandom } from '../demo/random.ts';

export interface InferResponse {
  model_name: string;
  model_version?: string;
  parameters: { route: string; request_id: string };
  outputs: Array<{ name: string; datatype: string; shape: number[]; data: number[] }>;
}

export async function runClient(
  url: string,
  requests: number,
  onAnswer?: (features: number[], answer: InferResponse) => void,
) {
  const live = await (await fetch(`${url}/v2/health/ready`)).json();
  const metadata = await (await fetch(`${url}/v2/models/fraud`)).json();
  const random = seededRandom(2);
  const routes: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const features = [random() * 4 - 2, random() * 4 - 2];
      const response = await fetch(`${url}/v2/models/fraud/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 2], data: features }],
        }),
      });
      if (!response.ok) throw new Error(`infer answered ${response.status}: ${await response.text()}`);
      const answer = (await response.json()) as InferResponse;
      routes[answer.parameters.route] = (routes[answer.parameters.route] ?? 0) + 1;
      onAnswer?.(features, answer);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { live, metadata, routes };
}
