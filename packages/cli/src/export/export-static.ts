import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSummary } from '@plinth/registry';
import type { CliContext } from '../context.ts';
import { usageError } from '../errors.ts';
import { toJson } from '../output/json.ts';
import type { Store } from '../store.ts';
import { copyKeysToFiles } from './plain-files.ts';

/** Flags of `plinth export-static`. */
export interface ExportFlags {
  dir: string;
  models?: string[];
  events: boolean;
  index: boolean;
  tracking?: boolean;
  force?: boolean;
  json?: boolean;
}

/** What `plinth export-static` wrote. */
export interface ExportResult {
  to: string;
  registry: ExportSummary;
  tracking?: { files: number; bytes: number };
}

/**
 * Refuses a target that is the store itself, inside it, or holds it; and a folder that is neither empty nor an
 * earlier export (no `marker` file) unless `force`.
 */
export async function checkTarget(
  storeDir: string,
  target: string,
  force: boolean,
  marker = 'plinth-index.json',
): Promise<void> {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
  if (inside(target, storeDir) || inside(storeDir, target)) {
    throw usageError(
      '<folder>',
      `the export folder ${target} overlaps the store ${storeDir}; export somewhere else`,
    );
  }
  const info = await stat(target).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw usageError('<folder>', `${target} is a file; give a folder`);
  const entries = await readdir(target);
  if (!force && entries.length > 0 && !entries.includes(marker)) {
    throw usageError(
      '<folder>',
      `${target} is not empty and holds no earlier export (${marker}); choose an empty folder or pass --force`,
    );
  }
}

/**
 * The registry's static export as plain files (models, versions, aliases, audit events, artifacts by SHA-256,
 * and httpStorage's `plinth-index.json`), optionally with the tracking data (`tracking/…`: experiments, runs,
 * metric batches, artifacts, search index) copied key by key. Tracking goes first, so the index the registry
 * export writes last lists both.
 */
export async function exportStaticSite(
  context: CliContext,
  store: Store,
  target: string,
  flags: ExportFlags,
): Promise<ExportResult> {
  await checkTarget(store.dir, target, flags.force === true);
  const tracking = flags.tracking
    ? await copyKeysToFiles(
        store.storage,
        'tracking/',
        target,
        (total) => context.progress('copying tracking data', total),
        context.signal,
      )
    : undefined;
  const registry = await store.registry.exportStatic({
    toDirectory: target,
    events: flags.events,
    index: flags.index,
    ...(flags.models ? { models: flags.models } : {}),
  });
  const result: ExportResult = { to: target, registry, ...(tracking ? { tracking } : {}) };
  if (flags.json) context.print(toJson(result));
  else {
    const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    context.print(
      `exported ${plural(registry.models.length, 'model')} (${plural(registry.versions, 'version')}, ` +
        `${plural(registry.blobs, 'artifact')}, ${registry.bytes} bytes copied)` +
        (tracking ? ` and ${plural(tracking.files, 'tracking file')} (${tracking.bytes} bytes)` : '') +
        ` to ${target}\n`,
    );
    context.note(
      'serve the folder with any static file server; read it with createRegistry({ storage: httpStorage({ baseUrl }) })',
    );
  }
  return result;
}
