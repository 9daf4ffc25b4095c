import { listAllKeys } from '@plinth/core';
import type { CliContext } from '../context.ts';
import { EXIT_CODES, type ExitCode } from '../exit-codes.ts';
import { errorLine } from '../output/error-line.ts';
import { toJson } from '../output/json.ts';
import type { Store } from '../store.ts';
import { checkRegistry, registryItems } from './check-registry.ts';
import { checkTracking, trackingItems } from './check-tracking.ts';
import type { DoctorReport, Finding } from './findings.ts';
import { printReport } from './print.ts';

/** Options of {@link checkStore}. */
export interface DoctorOptions {
  /** A `running` run whose last heartbeat is older than this is reported. */
  staleAfterMs: number;
  /** Hash every artifact to check its SHA-256 (reads every blob). */
  verify: boolean;
  /** "Now", epoch ms. */
  now: number;
}

/** Checks a store: every document readable, every artifact present, nothing left running or orphaned. */
export async function checkStore(
  context: CliContext,
  store: Store,
  options: DoctorOptions,
): Promise<DoctorReport> {
  const keys = await listAllKeys(store.storage, '');
  const tracking = trackingItems(keys);
  const registry = registryItems(keys);
  const profileNames = await store.profiles.list();
  const checked: DoctorReport['checked'] = {
    keys: keys.length,
    experiments: 0,
    runs: 0,
    metrics: 0,
    models: 0,
    versions: 0,
    blobs: 0,
    profiles: 0,
  };
  const total =
    tracking.experiments.length +
    tracking.runs.size +
    registry.models.length +
    registry.versions.length +
    profileNames.length;
  const progress = context.progress('checking', total);
  const problems: Finding[] = [
    ...(await checkTracking(store.tracker, tracking, { ...options, progress, checked })),
    ...(await checkRegistry(store.registry, store.storage, keys, registry, {
      ...options,
      progress,
      checked,
    })),
  ];
  for (const name of profileNames) {
    progress.tick();
    checked.profiles++;
    try {
      await store.profiles.load(name);
    } catch (error) {
      problems.push({
        kind: 'unreadable-document',
        severity: 'error',
        key: `monitoring/profiles/${name}`,
        message: errorLine(error),
      });
    }
  }
  progress.done();
  return { dir: store.dir, ok: problems.length === 0, checked, problems };
}

/** Flags of `plinth doctor`. */
export interface DoctorFlags {
  dir: string;
  staleAfter: number;
  verify?: boolean;
  json?: boolean;
}

/** Runs the checks and prints the report; exit code 1 when a problem was found. */
export async function runDoctor(context: CliContext, store: Store, flags: DoctorFlags): Promise<ExitCode> {
  const report = await checkStore(context, store, {
    staleAfterMs: flags.staleAfter,
    verify: flags.verify === true,
    now: Date.now(),
  });
  if (flags.json) context.print(toJson(report));
  else printReport(context, report);
  return report.ok ? EXIT_CODES.OK : EXIT_CODES.FAILURE;
}
