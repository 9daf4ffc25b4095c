/**
 * @plinth/monitoring: Drift monitoring: KS, PSI, chi-square, Wasserstein, Jensen-Shannon, profiles, monitors, reports.
 *
 * @packageDocumentation
 */
export {};
