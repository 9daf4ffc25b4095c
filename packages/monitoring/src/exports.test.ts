// The public surface of each entry, as a reviewed list: a change to what @plinth/monitoring exports shows up here.
import { describe, expect, it } from 'vitest';

describe('public exports', () => {
  it('@plinth/monitoring', async () => {
    expect(Object.keys(await import('./index.ts')).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_RANGE_SLACK",
        "DEFAULT_THRESHOLDS",
        "PROFILE_FORMAT",
        "chiSquare",
        "createAlertEvaluator",
        "createDriftMonitor",
        "createLatencyMonitor",
        "createPredictionDriftMonitor",
        "createProfile",
        "createQualityMonitor",
        "detectDrift",
        "driftToPrometheus",
        "expectationsFromProfile",
        "jensenShannon",
        "ks2samp",
        "latencyToPrometheus",
        "mergeProfiles",
        "profileFromJSON",
        "profileStore",
        "profileToJSON",
        "psi",
        "qualityToPrometheus",
        "renderDriftReport",
        "validateData",
        "wasserstein",
        "wassersteinNormed",
        "zTest",
      ]
    `);
  });

  it('@plinth/monitoring/stats', async () => {
    expect(Object.keys(await import('./stats/index.ts')).sort()).toMatchInlineSnapshot(`
      [
        "KllSketch",
        "accuracy",
        "chi2Sf",
        "chiSquare",
        "chiSquareFromCounts",
        "jensenShannon",
        "jensenShannonFromShares",
        "kolmogorovSmirnovSf",
        "ks1samp",
        "ks1sampSorted",
        "ks2samp",
        "ks2sampSorted",
        "kstwobignSf",
        "normalCdf",
        "normalSf",
        "precisionRecallF1",
        "psi",
        "psiFromBins",
        "regressionErrors",
        "rocAuc",
        "smirnovSf",
        "wasserstein",
        "wassersteinNormed",
        "wassersteinNormedSorted",
        "wassersteinSorted",
        "zTest",
      ]
    `);
  });
});
