import type { AuditOptions } from '../backend.ts';
import { RegisteredModelSchema } from '../schemas/model.ts';
import {
  assertWritable,
  type Context,
  latestVersion,
  readModel,
  readVersion,
  recordEvent,
} from './context.ts';
import { layout } from './layout.ts';
import { checkModelName } from './models.ts';
import { raiseCounter } from './versions.ts';

/**
 * `RegistryBackend.deleteVersion`: removes one version document and every alias that pointed at it (as MLflow
 * does), recording an `alias_deleted` event per alias and a `delete` event for the version. The counter is
 * raised to the newest version first, so the number is never claimed again; the artifact blob stays (blobs are
 * content-addressed and may be shared by other versions).
 */
export async function deleteVersion(
  context: Context,
  name: string,
  version: number,
  options: AuditOptions = {},
): Promise<void> {
  checkModelName(name);
  assertWritable(context, 'deleteVersion');
  const model = await readModel(context, name);
  const found = await readVersion(context, model.value, version);
  // Registration claims numbers from the counter up: with the counter at or past this version, it never
  // lands on the hole this delete leaves.
  await raiseCounter(context, name, await latestVersion(context, name));
  // First the model document (compare-and-set, like every alias move): record the version as deleted and drop
  // the aliases on it. An alias move that lost this race retries, sees the tombstone and refuses; one that won
  // is undone here. Only then the version document goes.
  const now = context.clock.now();
  let removed: string[] = [];
  await context.docs.update(layout.model(name), RegisteredModelSchema, (current) => {
    if (!current) return undefined;
    removed = Object.keys(current.aliases).filter((alias) => current.aliases[alias] === version);
    const aliases = Object.fromEntries(Object.entries(current.aliases).filter(([, to]) => to !== version));
    const deletedVersions = current.deletedVersions.includes(version)
      ? current.deletedVersions
      : [...current.deletedVersions, version];
    return { ...current, aliases, deletedVersions, updatedAt: now };
  });
  await context.storage.delete(layout.version(name, version), { ifVersion: found.version });
  const reason = options.reason ?? `version ${version} deleted`;
  for (const alias of removed.sort()) {
    await recordEvent(context, {
      type: 'alias_deleted',
      model: name,
      alias,
      from: version,
      version,
      actor: options.actor,
      at: now,
      reason,
    });
  }
  await recordEvent(context, {
    type: 'delete',
    model: name,
    version,
    actor: options.actor,
    at: now,
    ...(options.reason ? { reason: options.reason } : {}),
  });
}
