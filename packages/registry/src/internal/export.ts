import type { StorageAdapter } from '@plinth/core';
import { isStorageAdapter, writeStaticIndex } from '@plinth/core/adapter';
import * as z from 'zod/mini';
import type { BlobKey, RegistryBackend } from '../backend.ts';
import type { ExportSummary } from '../registry-api.ts';
import { storageBackend } from '../storage-backend.ts';
import { type Context, readModel } from './context.ts';
import { errors } from './errors.ts';
import { listVersions } from './read-versions.ts';
import { checkModelName } from './validate.ts';

const ExportStaticOptionsSchema = z.strictObject({
  to: z.optional(
    z.custom<StorageAdapter>(isStorageAdapter, {
      message: 'must be a StorageAdapter, such as fsStorage({ dir })',
    }),
  ),
  toDirectory: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  models: z.optional(z.array(z.unknown()).check(z.maxLength(100_000))),
  events: z.optional(z.boolean()),
  index: z.optional(z.boolean()),
});

async function copyBlob(source: RegistryBackend, target: RegistryBackend, key: BlobKey): Promise<number> {
  const existing = await target.statBlob(key);
  const entry = await source.getBlobStream(key);
  if (!entry) return 0;
  if (existing && existing.size === entry.size) {
    await entry.stream.cancel();
    return 0;
  }
  await target.putBlob(key, entry.stream);
  return entry.size;
}

/**
 * `Registry.exportStatic`: copies each model's blobs, versions, exact counter and events, then its document
 * (so a reader never sees an alias before its version), then writes httpStorage's static index.
 */
export async function exportStatic(context: Context, options: unknown): Promise<ExportSummary> {
  const parsed = errors.parse(ExportStaticOptionsSchema, options, 'exportStatic options');
  if ((parsed.to === undefined) === (parsed.toDirectory === undefined)) {
    throw errors.invalid('exportStatic options', {
      path: 'toDirectory',
      message:
        'give exactly one target: toDirectory (a folder of plain files to serve, Node) or to (a storage adapter)',
    });
  }
  let storage: StorageAdapter;
  if (parsed.toDirectory !== undefined) {
    if (!context.platform.plainDirectory) {
      throw errors.error(
        'PLINTH_UNSUPPORTED_RUNTIME',
        `exportStatic({ toDirectory }) writes local files, which only Node can do; pass { to: <storage adapter> } in ${context.platform.name}`,
      );
    }
    storage = context.platform.plainDirectory(parsed.toDirectory);
  } else storage = parsed.to!;
  if (storage.readOnly) {
    throw errors.error(
      'PLINTH_READ_ONLY',
      `cannot export into ${storage.name} storage: it is read-only; export into a writable target (toDirectory or fsStorage)`,
    );
  }
  const names =
    parsed.models?.map((name) => checkModelName(name, 'exportStatic models')) ??
    (await context.backend.listModels()) ??
    [];
  const target = storageBackend({ storage });
  const source = context.backend;
  const models = await Promise.all(names.map((name) => readModel(context, name)));
  const summary: ExportSummary = { models: [], versions: 0, blobs: 0, bytes: 0 };
  const blobs = new Set<string>();
  for (const { value: model } of models) {
    const versions = await listVersions(context, model.name);
    for (const version of versions) {
      if (!blobs.has(version.sha256)) {
        blobs.add(version.sha256);
        summary.bytes += await copyBlob(source, target, `sha256/${version.sha256}`);
      }
      const { aliases: _aliases, ...stored } = version;
      await target.putVersion(stored);
    }
    await target.putCounter(model.name, versions.at(-1)?.version ?? 0);
    if (parsed.events !== false) {
      for (const event of (await source.listEvents(model.name)) ?? []) await target.appendEvent(event);
    }
    await target.putModel(model);
    summary.models.push(model.name);
    summary.versions += versions.length;
  }
  summary.blobs = blobs.size;
  if (parsed.index !== false) await writeStaticIndex(storage);
  return summary;
}
