import { describe, expect, it } from 'vitest';

/** The runtime export names of an entry, sorted: a change to the public surface shows in this file's diff. */
async function names(specifier: string): Promise<string[]> {
  return Object.keys(await import(/* @vite-ignore */ specifier)).sort();
}

describe('public surface of @plinth/tracking', () => {
  it('the root entry', async () => {
    expect(await names('@plinth/tracking')).toMatchInlineSnapshot(`
      [
        "DEFAULT_EXPERIMENT_NAME",
        "ExperimentSchema",
        "LatestMetricSchema",
        "LifecycleSchema",
        "MAX_PARAM_VALUE_LENGTH",
        "MAX_TIMESTAMP",
        "ParamsSchema",
        "RunInputSchema",
        "RunSchema",
        "RunStatusSchema",
        "SYNC_SOURCE_TAG",
        "createTracker",
        "storageBackend",
        "syncRuns",
      ]
    `);
  });
  it('@plinth/tracking/arrow', async () => {
    expect(await names('@plinth/tracking/arrow')).toMatchInlineSnapshot(`
      [
        "runsToTable",
        "searchRunsTable",
      ]
    `);
  });
  it('@plinth/tracking/system (Node and browser files export the same names)', async () => {
    const node = await names('@plinth/tracking/system');
    expect(await names('./system/index.browser.ts')).toEqual(node);
    expect(node).toMatchInlineSnapshot(`
      [
        "collectSystemTags",
        "onExit",
        "openLocalFile",
        "startSystemMetrics",
      ]
    `);
  });
  it('@plinth/tracking/search', async () => {
    expect(await names('@plinth/tracking/search')).toMatchInlineSnapshot(`
      [
        "parseFilter",
        "parseOrderBy",
      ]
    `);
  });
  it('@plinth/tracking/mlflow', async () => {
    expect(await names('@plinth/tracking/mlflow')).toMatchInlineSnapshot(`
      [
        "MLFLOW_LOG_BATCH_LIMITS",
        "chunkLogBatch",
        "mlflowTrackingBackend",
      ]
    `);
  });
  it('@plinth/tracking/testing', async () => {
    expect(await names('@plinth/tracking/testing')).toMatchInlineSnapshot(`
      [
        "TRACKING_BACKEND_CASES",
        "trackingBackendContract",
      ]
    `);
  });
});
