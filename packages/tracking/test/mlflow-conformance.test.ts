import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { type ActiveRun, createTracker, type SearchRunsRequest } from '@plinth/tracking';
import { beforeAll, describe, expect, it } from 'vitest';

interface Exchange {
  step: string;
  path: string;
  requestBody: Record<string, unknown>;
  status: number;
  responseBody: Record<string, unknown>;
}

/** The main checkout: this repository, or the one a git worktree of it belongs to. */
function mainCheckout(): string {
  const repository = fileURLToPath(new URL('../../../', import.meta.url));
  const dotGit = join(repository, '.git');
  if (!statSync(dotGit, { throwIfNoEntry: false })?.isFile()) return repository;
  // A worktree's .git is a file "gitdir: <main>/.git/worktrees/<name>".
  const gitdir = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return gitdir ? dirname(dirname(dirname(resolve(repository, gitdir)))) : repository;
}

/** The MLflow 3.6 transcripts sit beside the repository, in `../shared/fixtures/mlflow`. */
const FIXTURES = resolve(mainCheckout(), '../shared/fixtures/mlflow');

const exchanges = JSON.parse(readFileSync(join(FIXTURES, 'search-runs.json'), 'utf8')) as Exchange[];

/**
 * Where Plinth deliberately differs from MLflow (documented in the README), with what Plinth returns
 * instead: run names derived by hand from the fixture's setup calls (statuses from runs/update, teams from
 * the runs/create tags), newest start time first.
 */
const DIVERGENCES: Record<string, { why: string; names: string[] }> = {
  'IN on attributes.status -> 400 (only run_id supports IN)': {
    why: 'Plinth allows IN on every string attribute',
    // logreg-lr0.01-a ended FAILED, LogReg-lr0.01-B KILLED.
    names: ['LogReg-lr0.01-B', 'logreg-lr0.01-a'],
  },
  'runs/search with experiment_ids omitted -> {} (searches no experiment)': {
    why: 'Plinth searches every experiment',
    // team = risk: mlp-lr0.01-a, mlp-lr0.1-a (experiment 7); logreg-lr0.1-b, LogReg-lr0.01-B, gbm-lr0.01-b (8).
    names: ['gbm-lr0.01-b', 'LogReg-lr0.01-B', 'logreg-lr0.1-b', 'mlp-lr0.1-a', 'mlp-lr0.01-a'],
  },
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
      await runs.get(body.run_id as string)!.end({ status, endTime: body.end_time as number });
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

  /** The setup calls before each search (the first search's are run once, before all tests). */
  const searches: Array<{ exchange: Exchange; setup: Exchange[] }> = [];
  let pending: Exchange[] = [];
  for (const exchange of exchanges) {
    if (exchange.path.endsWith('/runs/search')) {
      searches.push({ exchange, setup: pending });
      pending = [];
    } else pending.push(exchange);
  }

  beforeAll(async () => {
    for (const exchange of searches[0]?.setup ?? []) await apply(exchange);
  });

  it('the fixture holds at least 25 searches, two of them documented divergences', () => {
    expect(searches.length).toBeGreaterThanOrEqual(25);
    expect(searches.filter(({ exchange }) => DIVERGENCES[exchange.step]).length).toBe(2);
  });

  searches.forEach(({ exchange, setup }, index) => {
    const divergence = DIVERGENCES[exchange.step];
    const title = divergence ? `${exchange.step} — divergence: ${divergence.why}` : exchange.step;
    it(title, async () => {
      if (index > 0) for (const call of setup) await apply(call);
      const request = requestOf(exchange);
      if (divergence) {
        expect(exchange.status === 400 || exchange.responseBody.runs === undefined).toBe(true);
        const page = await tracker.searchRuns(request);
        expect(page.runs.map((run) => run.name)).toEqual(divergence.names);
        return;
      }
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
  });
});
