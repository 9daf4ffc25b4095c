/**
 * Drift statistics of @plinth/monitoring: exact ports of scipy's tests and Evidently's drift scores, runtime-neutral.
 * Every formula and its source is listed in the "Formulas" section of `packages/monitoring/README.md`.
 *
 * @packageDocumentation
 */
export {
  type Bin,
  type BinningOptions,
  binData,
  histogramCounts,
  isNumeric,
  quantileSorted,
  sturgesEdges,
} from './binning.ts';
export { countCategories, fillZeroShares } from './categories.ts';
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
export { erf, erfc, normalCdf, normalSf } from './normal.ts';
export { type PsiBin, type PsiOptions, type PsiResult, psi, psiFromBins } from './psi.ts';
export { kstwobignSf, smirnovSf } from './smirnov.ts';
export type { Categorical, Numeric, StatResult } from './validate.ts';
export {
  populationStd,
  wasserstein,
  wassersteinDistanceSorted,
  wassersteinNormed,
  wassersteinNormedSorted,
  wassersteinSorted,
} from './wasserstein.ts';
export { type ZTestOptions, type ZTestResult, zTest } from './z-test.ts';
