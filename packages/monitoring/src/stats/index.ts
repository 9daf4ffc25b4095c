/**
 * `@plinth/monitoring/stats`: the drift statistics, exact ports of scipy's tests and Evidently's drift scores, plus
 * the distributions behind them, a KLL quantile sketch and model-quality metrics. Runtime-neutral and free of
 * schema libraries: a page that imports only `ks2samp` stays a few KB. Every formula and its source is listed in
 * the "Formulas" section of the package README.
 *
 * @packageDocumentation
 */

export { accuracy, precisionRecallF1, regressionErrors, rocAuc } from '../monitors/metrics.ts';
export { KllSketch, type KllSketchData } from '../profile/kll.ts';
export type { Bin, BinningOptions } from './binning.ts';
export { type ChiSquareOptions, type ChiSquareResult, chiSquare, chiSquareFromCounts } from './chi-square.ts';
export { chi2Sf } from './chi2.ts';
export {
  type JensenShannonOptions,
  jensenShannon,
  jensenShannonFromShares,
} from './jensen-shannon.ts';
export { kolmogorovSmirnovSf } from './kolmogn.ts';
export {
  type Ks1SampResult,
  type Ks2SampResult,
  type KsAlternative,
  type KsOptions,
  ks1samp,
  ks1sampSorted,
  ks2samp,
  ks2sampSorted,
} from './ks.ts';
export { normalCdf, normalSf } from './normal.ts';
export { type PsiBin, type PsiOptions, type PsiResult, psi, psiFromBins } from './psi.ts';
export { kstwobignSf, smirnovSf } from './smirnov.ts';
export type { Categorical, Numeric, StatResult } from './validate.ts';
export { wasserstein, wassersteinNormed, wassersteinNormedSorted, wassersteinSorted } from './wasserstein.ts';
export { type ZTestOptions, type ZTestResult, zTest } from './z-test.ts';
