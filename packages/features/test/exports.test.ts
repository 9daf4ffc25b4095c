import { describe, expect, it } from 'vitest';

/** The runtime export names of an entry, sorted: a change to the public surface shows in this file's diff. */
async function names(specifier: string): Promise<string[]> {
  return Object.keys(await import(/* @vite-ignore */ specifier)).sort();
}

describe('public surface of @plinth/features', () => {
  it('the root entry', async () => {
    expect(await names('@plinth/features')).toMatchInlineSnapshot(`
      [
        "FEATURE_TYPES",
        "MAX_FEATURE_NAME_LENGTH",
        "createFeatureStore",
        "defineEntity",
        "defineFeatureService",
        "defineFeatureView",
        "defineOnDemandFeatureView",
        "fileSource",
        "isEntity",
        "isFeatureService",
        "isFeatureView",
        "isOnDemandFeatureView",
        "parseFeatureRef",
        "parseTtl",
        "storageOnlineStore",
      ]
    `);
  });
  it('the duckdb entry', async () => {
    expect(await names('@plinth/features/duckdb')).toMatchInlineSnapshot(`
      [
        "duckdbEngine",
      ]
    `);
  });
});
