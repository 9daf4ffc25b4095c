import { listAllKeys, PlinthError } from '@plinth/core';
import { writeStaticIndex } from '@plinth/core/http';
import type { ExportStaticOptions, ExportSummary } from '../backend.ts';
import { COMPONENT, type Context, modelNames, readModel } from './context.ts';
import { layout } from './layout.ts';
import { checkModelName } from './models.ts';
import { listVersions } from './versions.ts';

async function copy(context: Context, key: string, options: ExportStaticOptions): Promise<number> {
  const entry = await context.storage.getStream(key);
  if (!entry) return 0;
  const existing = await options.to.stat(key);
  if (existing && existing.size === entry.size && key.startsWith('blobs/')) {
    await entry.stream.cancel();
    return 0;
  }
  await options.to.putStream(key, entry.stream);
  return entry.size;
}

/** `RegistryBackend.exportStatic`: copies each model's blobs, versions, counter, events, then its document;
 * then writes httpStorage's static index of everything in `to`.
 */
export async function exportStatic(context: Context, options: ExportStaticOptions): Promise<ExportSummary> {
  if (!options?.to || typeof options.to.put !== 'function') {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: COMPONENT,
      message: 'exportStatic needs { to: <storage adapter> }, such as fsStorage({ dir: "public/registry" })',
      details: { issues: [{ path: 'to', message: 'required storage adapter' }] },
    });
  }
  if (options.to.readOnly) {
    throw new PlinthError({
      code: 'PLINTH_READ_ONLY',
      component: COMPONENT,
      message: `cannot export into ${options.to.name} storage: it is read-only; export into a writable adapter (fsStorage)`,
    });
  }
  const names = options.models ?? (await modelNames(context)) ?? [];
  for (const name of names) checkModelName(name);
  for (const name of names) await readModel(context, name);
  const summary: ExportSummary = { models: [], versions: 0, blobs: 0, bytes: 0 };
  const blobs = new Set<string>();
  for (const name of names) {
    const versions = await listVersions(context, name);
    for (const version of versions) {
      if (!blobs.has(version.sha256)) {
        blobs.add(version.sha256);
        summary.bytes += await copy(context, layout.blob(version.sha256), options);
      }
      await copy(context, layout.version(name, version.version), options);
    }
    const latest = versions.at(-1)?.version ?? 0;
    await options.to.put(layout.counter(name), JSON.stringify({ latest }));
    if (options.events !== false) {
      for (const key of await listAllKeys(context.storage, layout.eventsPrefix(name)))
        await copy(context, key, options);
    }
    await copy(context, layout.model(name), options);
    summary.models.push(name);
    summary.versions += versions.length;
  }
  summary.blobs = blobs.size;
  if (options.index !== false) await writeStaticIndex(options.to);
  return summary;
}
