// What the demo leaves behind besides runs and versions: an HTML drift report (training profile vs the traffic
// served after the drift) and a short run summary as Markdown and JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  detectDrift,
  expectationsFromProfile,
  type Profile,
  renderDriftReport,
  validateData,
} from '@plinth/monitoring';
import type { CompareResult } from '@plinth/serving';
import type { ServedRows } from './monitor.ts';
import type { DemoPaths } from './state.ts';

export interface DemoSummary {
  transactions: number;
  liveRequests: number;
  failedRequests: number;
  champion: { version: number; runId: string; holdoutAuc: number };
  challenger: { version: number; runId: string; holdoutAuc: number; championAucOnSameHoldout: number };
  drift: {
    detected: boolean;
    startedAtRequest: number;
    retrainTriggeredAtRequest: number | undefined;
    windows: Array<{ index: number; datasetDrift: boolean; driftedColumns: number }>;
  };
  canary: CompareResult;
  promoted: boolean;
  /** The champion route's swap: versions, and answers by version after the alias moved. */
  hotSwap:
    | { from: number | undefined; to: number | undefined; answersAfterAliasMoved: Record<string, number> }
    | undefined;
  finalChampionVersion: number;
  routes: Array<{
    name: string;
    requests: number;
    errors: number;
    modelVersion: number | undefined;
    p95Ms: number;
  }>;
  seconds: number;
}

export async function writeReports(options: {
  paths: DemoPaths;
  reference: Profile;
  served: ServedRows;
  summary: DemoSummary;
}): Promise<{ driftReport: string; summary: string; summaryJson: string }> {
  const { paths, reference, served, summary } = options;
  mkdirSync(paths.reports, { recursive: true });
  const drift = detectDrift(reference, served.columns);
  const validation = validateData(served.columns, expectationsFromProfile(reference));
  const driftReport = path.join(paths.reports, 'drift.html');
  writeFileSync(
    driftReport,
    renderDriftReport(drift, {
      title: 'fraud: live traffic after the drift vs the training data',
      validation,
    }),
  );
  const summaryJson = path.join(paths.reports, 'summary.json');
  writeFileSync(
    summaryJson,
    `${JSON.stringify({ ...summary, driftReport: { driftedColumns: drift.driftedCount, columns: drift.columnCount } }, null, 2)}\n`,
  );
  const markdown = path.join(paths.reports, 'summary.md');
  const c = summary.canary;
  writeFileSync(
    markdown,
    [
      '# Plinth demo run',
      '',
      `- ${summary.transactions.toLocaleString('en')} historical transactions, ${summary.liveRequests.toLocaleString('en')} live requests, **${summary.failedRequests} failed**.`,
      `- Champion: fraud v${summary.champion.version} (run ${summary.champion.runId}), hold-out AUC ${summary.champion.holdoutAuc.toFixed(3)}.`,
      `- Drift: ${summary.drift.detected ? `**detected**; it began at request ${summary.drift.startedAtRequest} and retraining was triggered at request ${summary.drift.retrainTriggeredAtRequest}` : 'not detected'}.`,
      `  Windows of 1000 requests with dataset drift: ${
        summary.drift.windows
          .filter((window) => window.datasetDrift)
          .map((window) => window.index + 1)
          .join(', ') || 'none'
      }.`,
      `- Challenger: fraud v${summary.challenger.version} (run ${summary.challenger.runId}), AUC ${summary.challenger.holdoutAuc.toFixed(3)} on the post-drift hold-out, where the champion scores ${summary.challenger.championAucOnSameHoldout.toFixed(3)}.`,
      `- Canary (10%): challenger mean outcome ${c.a.mean.toFixed(4)} over ${c.a.count} requests vs champion ${c.b.mean.toFixed(4)} over ${c.b.count} (${c.test}, p = ${c.pValue.toExponential(2)}).`,
      `- Promoted: ${summary.promoted ? `**yes**, champion is now v${summary.finalChampionVersion} (hot swap under traffic)` : 'no'}.`,
      `- Drift report: ${path.relative(paths.reports, driftReport)} (${drift.driftedCount} of ${drift.columnCount} columns drifted after the drift began).`,
      `- Took ${summary.seconds.toFixed(1)} s.`,
      '',
    ].join('\n'),
  );
  return { driftReport, summary: markdown, summaryJson };
}
