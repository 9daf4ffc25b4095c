import { readFileSync } from 'node:fs';
import { PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { type ActiveRun, createTracker, type SearchRunsRequest } from '@plinth/tracking';
import { describe, expect, it } from 'vitest';

interface Exchange {
  step: string;
  path: string;
  requestBody: Record<string, unknown>;
  status: number;
  responseBody: Record<string, unknown>;
}

const exchanges = JSON.parse(
  readFileSync('/work/shared/fixtures/mlflow/search-runs.json', 'utf8'),
) as Exchange[];

/** Where Plinth deliberately differs from MLflow (documented in the README). */
const DIVERGENCES: Record<string, string> = {
  'IN on attributes.status -> 400 (only run_id supports IN)': 'Plinth allows IN on every string attribute',
  'runs/search with experiment_ids omitted -> {} (searches no experiment)':
    'Plinth searches every experiment',
};

describe('searchRuns replays the recorded MLflow search-runs exchanges, in order', () => {
  const tracker = createTracker({ storage: memoryStorage(), systemTags: false, user: 'alice' });
  const experimentIds = new Map<string, string>();
  const runs = new Map<string, ActiveRun>();
  let pageToken: string | undefined;

  async function apply(exchange: Exchange): Promise<void> {
    const body = exchange.requestBody;
    if (exchange.path.endsWith('/experiments/create')) {
      const experiment = await tracker.createExperiment(body.name as string);
      experimentIds.set(exchange.responseBody.experiment_id as string, experiment.id);
    } else if (exchange.path.endsWith('/runs/create')) {
      const tags = Object.fromEntries(
        (body.tags as Array<{ key: string; value: string }>).map((tag) => [tag.key, tag.value]),
      );
      const run = await tracker.startRun({
        experimentId: experimentIds.get(body.experiment_id as string),
        name: body.run_name as string,
        startTime: body.start_time as number,
        tags,
      });
      const info = (exchange.responseBody.run as { info: { run_id: string } }).info;
      runs.set(info.run_id, run);
    } else if (exchange.path.endsWith('/runs/log-batch')) {
      const run = runs.get(body.run_id as string)!;
      const params = body.params as Array<{ key: string; value: string }>;
      await run.logParams(Object.fromEntries(params.map((param) => [param.key, param.value])));
      for (const metric of body.metrics as Array<{
        key: string;
        value: number;
        step: number;
        timestamp: number;
      }>) {
        run.logMetric(metric.key, metric.value, { step: metric.step, timestamp: metric.timestamp });
      }
      await run.flush();
    } else if (exchange.path.endsWith('/runs/update')) {
      const status = (body.status as string).toLowerCase() as 'finished' | 'failed' | 'killed';
      await runs.get(body.run_id as string)!.end({ status });
    } else if (exchange.path.endsWith('/runs/delete')) {
      await tracker.deleteRun(runs.get(body.run_id as string)!.id);
    } else {
      throw new Error(`unexpected setup call ${exchange.path}`);
    }
  }

  function requestOf(exchange: Exchange): SearchRunsRequest {
    const body = exchange.requestBody;
    let filter = (body.filter as string | undefined) ?? '';
    for (const [mlflowId, run] of runs) filter = filter.replaceAll(mlflowId, run.id);
    return {
      experiments: (body.experiment_ids as string[] | undefined)?.map((id) => experimentIds.get(id)!),
      filter,
      orderBy: (body.order_by as string[] | undefined) ?? [],
      maxResults: body.max_results as number | undefined,
      runViewType: body.run_view_type as SearchRunsRequest['runViewType'],
    };
  }

  it('the fixture holds at least 25 searches', () => {
    expect(
      exchanges.filter((exchange) => exchange.path.endsWith('/runs/search')).length,
    ).toBeGreaterThanOrEqual(25);
  });

  for (const exchange of exchanges) {
    if (!exchange.path.endsWith('/runs/search')) {
      it(`setup: ${exchange.step}`, () => apply(exchange));
      continue;
    }
    const divergence = DIVERGENCES[exchange.step];
    if (divergence) {
      it(`${exchange.step} — divergence: ${divergence}`, async () => {
        const page = await tracker.searchRuns(requestOf(exchange));
        expect(page.runs.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(exchange.step, async () => {
      const request = requestOf(exchange);
      if (exchange.status !== 200) {
        const error = await tracker.searchRuns(request).catch((caught: unknown) => caught);
        expect(PlinthError.is(error, 'PLINTH_VALIDATION'), String(error)).toBe(true);
        return;
      }
      const paging = exchange.step.startsWith('paging');
      const page = await tracker.searchRuns({ ...request, pageToken: paging ? pageToken : undefined });
      const expected = (
        (exchange.responseBody.runs as Array<{ info: { run_name: string } }> | undefined) ?? []
      ).map((run) => run.info.run_name);
      expect(page.runs.map((run) => run.name)).toEqual(expected);
      expect(page.nextPageToken === undefined).toBe(exchange.responseBody.next_page_token === undefined);
      if (paging) pageToken = page.nextPageToken;
    });
  }
});
