import { AuditOptionsSchema } from '../schemas/write-options.ts';
import { checkModelName, checkVersion, parseOptions } from './validate.ts';
import { raiseCounter } from './versions.ts';
import {
  assertWritable,
  type Context,
  latestVersion,
  modelStream,
  readModel,
  readVersion,
  recordEvent,
  updateModel,
} from './write-context.ts';

/**
 * `Registry.deleteVersion`: removes one version document and every alias that pointed at it (as MLflow
 * does), recording an `alias_deleted` event per alias and a `delete` event for the version. The counter is
 * raised to the newest version first, so the number is never claimed again; the artifact blob stays (blobs are
 * content-addressed and may be shared by other versions).
 */
export async function deleteVersion(
  context: Context,
  name: unknown,
  version: unknown,
  options?: unknown,
): Promise<void> {
  const model = checkModelName(name);
  const number = checkVersion(version);
  const audit = parseOptions(AuditOptionsSchema, options, 'deleteVersion options');
  assertWritable(context, 'deleteVersion');
  await readVersion(context, (await readModel(context, model)).value, number);
  // Registration claims numbers from the counter up: with the counter at or past this version, it never
  // lands on the hole this delete leaves.
  await raiseCounter(context, model, await latestVersion(context, model));
  // First the model document (compare-and-set, like every alias move): record the version as deleted and drop
  // the aliases on it. An alias move that lost this race retries, sees the tombstone and refuses; one that won
  // is undone here. Only then the version document goes.
  const now = context.clock.now();
  let removed: string[] = [];
  const written = await updateModel(context, model, (current) => {
    if (!current) return undefined;
    removed = Object.keys(current.aliases).filter((alias) => current.aliases[alias] === number);
    const aliases: Record<string, number> = Object.create(null);
    for (const alias of Object.keys(current.aliases))
      if (current.aliases[alias] !== number) aliases[alias] = current.aliases[alias]!;
    const deletedVersions = current.deletedVersions.includes(number)
      ? current.deletedVersions
      : [...current.deletedVersions, number];
    return { ...current, aliases, deletedVersions, updatedAt: now };
  });
  await context.backend.deleteVersion(model, number);
  const stream = written ? { stream: modelStream(written), sequence: written.sequence } : {};
  const reason = audit.reason ?? `version ${number} deleted`;
  for (const alias of removed.sort()) {
    await recordEvent(context, {
      type: 'alias_deleted',
      model,
      alias,
      from: number,
      version: number,
      actor: audit.actor,
      at: now,
      reason,
      ...stream,
    });
  }
  await recordEvent(context, {
    type: 'delete',
    model,
    version: number,
    actor: audit.actor,
    at: now,
    ...(audit.reason ? { reason: audit.reason } : {}),
    ...stream,
  });
}
