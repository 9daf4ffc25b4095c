import type { AliasChange, Registry } from '@plinth/registry';
import type { CliContext } from '../context.ts';
import { toJson } from '../output/json.ts';
import { visible } from '../output/text.ts';

/** Flags of `plinth models alias set|delete`. */
export interface AliasFlags {
  dir: string;
  reason: string;
  actor?: string;
  json?: boolean;
}

function report(context: CliContext, model: string, change: AliasChange, flags: AliasFlags): void {
  if (flags.json) {
    context.print(toJson({ model, ...change }));
    return;
  }
  const from = change.from === undefined ? 'unset' : `v${change.from}`;
  const to = change.to === undefined ? 'deleted' : `v${change.to}`;
  context.print(
    `${visible(model)}@${visible(change.alias)}: ${from} → ${to} (recorded in the audit trail)\n`,
  );
}

/** Points an alias at a version, with the reason recorded in the registry's audit trail. */
export async function setAlias(
  context: CliContext,
  registry: Registry,
  model: string,
  alias: string,
  version: number,
  flags: AliasFlags,
): Promise<void> {
  const change = await registry.setAlias(model, alias, version, {
    reason: flags.reason,
    ...(flags.actor ? { actor: flags.actor } : {}),
  });
  report(context, model, change, flags);
}

/** Removes an alias, with the reason recorded in the registry's audit trail. */
export async function deleteAlias(
  context: CliContext,
  registry: Registry,
  model: string,
  alias: string,
  flags: AliasFlags,
): Promise<void> {
  const change = await registry.deleteAlias(model, alias, {
    reason: flags.reason,
    ...(flags.actor ? { actor: flags.actor } : {}),
  });
  report(context, model, change, flags);
}
