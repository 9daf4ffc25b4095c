// `watchAlias`: polls an alias; a read, so it stays out of the lazily loaded write calls.
import { PlinthError } from '@plinth/core';
import * as z from 'zod/mini';
import type { ModelVersion } from '../schemas/version.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import { getVersion } from './read-versions.ts';
import { checkAlias, checkModelName, parseOptions } from './validate.ts';

const WatchAliasOptionsSchema = z.strictObject({
  intervalMs: z.optional(z.number().check(z.gte(1), z.lte(2 ** 31 - 1))),
  onError: z.optional(
    z.custom<(error: unknown) => void>((value) => typeof value === 'function', {
      message: 'must be a function',
    }),
  ),
});

/** `Registry.watchAlias`: polls with `setTimeout` (no overlapping polls) until stopped. */
export function watchAlias(
  context: Context,
  name: unknown,
  alias: unknown,
  callback: unknown,
  options?: unknown,
): () => void {
  const model = checkModelName(name);
  const aliasName = checkAlias(alias, { allowReserved: true });
  if (typeof callback !== 'function')
    throw errors.invalid('watchAlias callback', { path: '', message: 'must be a function' });
  const parsed = parseOptions(WatchAliasOptionsSchema, options, 'watchAlias options');
  const notify = callback as (version: ModelVersion | undefined) => void;
  const intervalMs = parsed.intervalMs ?? 1000;
  let last: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    let current: ModelVersion | undefined;
    let ok = true;
    try {
      current = await getVersion(context, { name: model, alias: aliasName });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_NOT_FOUND')) {
        ok = false;
        parsed.onError?.(error);
      }
    }
    if (ok && !stopped) {
      const seen = current ? `${current.version}` : 'none';
      if (seen !== last) {
        last = seen;
        try {
          notify(current);
        } catch (error) {
          parsed.onError?.(error);
        }
      }
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
