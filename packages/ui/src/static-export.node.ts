import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageAssets } from './assets/files.node.ts';
import { ASSET_NAMES } from './assets/manifest.ts';
import { previewArtifact } from './data/artifacts.ts';
import { driftList, driftReport } from './data/drift.ts';
import { modelDetail, modelsList, versionDetail } from './data/registry.ts';
import { runDetail, runMetrics } from './data/run.ts';
import { allRuns, runRow } from './data/runs.ts';
import { uiErrors } from './errors.ts';
import { jsonText } from './http/responses.ts';
import { checkOptions, type ExportStaticUiOptions, profilesOf } from './options.ts';
import { shellHtml } from './shell.ts';

const EXPORT_OPTIONS = [
  'tracker',
  'registry',
  'profiles',
  'to',
  'onProgress',
  'chartPoints',
  'maxArtifactBytes',
];

/** What `exportStaticUi` wrote. */
export interface StaticUiSummary {
  /** Files written. */
  files: number;
  /** Runs exported. */
  runs: number;
  /** Model versions exported. */
  versions: number;
}

/** The file extension an artifact copy gets: its own when plain (`png`), never one a browser would run. */
export function copyExtension(artifactPath: string): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(artifactPath)?.[1]?.toLowerCase();
  if (!extension || ['svg', 'svgz', 'html', 'htm', 'xhtml', 'xml', 'js', 'mjs'].includes(extension))
    return 'bin';
  return extension;
}

/**
 * Writes the UI as static files: the same pages over prerendered JSON (`data/…`), so the experiment history
 * can be published on any static host and browsed offline. Read-only; filters and sorting run in the page.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options (before anything is written).
 * @example
 * ```ts
 * await exportStaticUi({ tracker, registry, to: 'public/plinth' });
 * ```
 */
export async function exportStaticUi(options: ExportStaticUiOptions): Promise<StaticUiSummary> {
  checkOptions(options, 'exportStaticUi options', EXPORT_OPTIONS);
  const { tracker, registry, onProgress } = options;
  const profiles = profilesOf(options.profiles);
  const root = path.resolve(options.to);
  const chartPoints = options.chartPoints ?? 1000;
  const maxArtifactBytes = options.maxArtifactBytes ?? 10 * 2 ** 20;
  let done = 0;
  let total = ASSET_NAMES.length + 3;
  const put = async (relative: string, content: string | Uint8Array) => {
    const file = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    onProgress?.({ done: ++done, total: Math.max(total, done), file: relative });
  };

  await put('index.html', shellHtml({ mode: 'static', write: false }));
  for (const name of ASSET_NAMES) {
    const bytes = await packageAssets(name);
    if (bytes === undefined)
      throw uiErrors.error('PLINTH_NOT_FOUND', `asset ${name} is missing from the package`);
    await put(`assets/${name}`, bytes);
  }
  const hasDrift = profiles.store !== undefined || profiles.results !== undefined;
  await put(
    'data/config.json',
    jsonText({ mode: 'static', write: false, registry: registry !== undefined, drift: hasDrift }),
  );

  const experiments = await tracker.listExperiments({ viewType: 'all' });
  await put('data/experiments.json', jsonText({ experiments }));
  let runCount = 0;
  for (const experiment of experiments) {
    const runs = await allRuns(tracker, [experiment.id]);
    total += runs.length * 2 + 1;
    await put(`data/runs/${experiment.id}.json`, jsonText({ runs: runs.map(runRow) }));
    for (const run of runs) {
      runCount++;
      const detail = await runDetail(tracker, run.id);
      await put(`data/run/${run.id}.json`, jsonText(detail));
      await put(
        `data/metrics/${run.id}.json`,
        jsonText(await runMetrics(tracker, run.id, { points: chartPoints })),
      );
      total += detail.artifacts.length * 2;
      for (const [index, artifact] of detail.artifacts.entries()) {
        await put(
          `data/preview/${run.id}/${index}.json`,
          jsonText(await previewArtifact(tracker, run.id, artifact.path)),
        );
        if (artifact.size <= maxArtifactBytes) {
          await put(
            `data/raw/${run.id}/${index}.${copyExtension(artifact.path)}`,
            await tracker.downloadArtifact(run.id, artifact.path),
          );
        }
      }
    }
  }

  let versionCount = 0;
  if (registry) {
    const models = await modelsList(registry);
    await put('data/models.json', jsonText(models));
    const runSummary = async (id: string) => {
      try {
        const run = await tracker.getRun(id);
        return { id: run.id, name: run.name, experimentId: run.experimentId };
      } catch {
        return undefined;
      }
    };
    for (const [index, model] of models.models.entries()) {
      const detail = await modelDetail(registry, model.name);
      total += detail.versions.length + 1;
      await put(`data/model/${index}.json`, jsonText(detail));
      for (const version of detail.versions) {
        versionCount++;
        await put(
          `data/version/${index}/${version.version}.json`,
          jsonText(await versionDetail(registry, model.name, version.version, runSummary)),
        );
      }
    }
  }
  if (hasDrift) {
    const drift = await driftList(profiles);
    await put('data/drift.json', jsonText(drift));
    for (const result of drift.results)
      await put(`data/drift/${result.index}.html`, await driftReport(profiles, result.index));
  }
  return { files: done, runs: runCount, versions: versionCount };
}
