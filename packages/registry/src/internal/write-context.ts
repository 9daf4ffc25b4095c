// What the write calls share on top of context.ts (compare-and-set retries, audit events, the read-only
// check); loaded with them on the first write, so a read-only page does not carry it.
import { PlinthError, uuidv7 } from '@plinth/core';
import { backoff } from '@plinth/core/adapter';
import type { RegistryEvent } from '../schemas/event.ts';
import type { RegisteredModel } from '../schemas/model.ts';
import type { StoredModelVersion } from '../schemas/version.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';

export * from './context.ts';

/** The event stream of a model document. */
export const modelStream = (model: RegisteredModel) => `model:${model.id}`;

/** The event stream of a version document. */
export const versionStream = (version: number) => `version:${version}`;

/** Waits between lost compare-and-sets of one document; after 200 attempts the `PLINTH_CONFLICT` is thrown. */
const conflictRetries = /* @__PURE__ */ backoff({ component: 'registry', maxAttempts: 200 });
const isConflict = (error: unknown) => PlinthError.is(error, 'PLINTH_CONFLICT');

/** Throws `PLINTH_READ_ONLY` before any write to a read-only registry. */
export function assertWritable(context: Context, operation: string): void {
  if (context.backend.readOnly) {
    throw errors.error(
      'PLINTH_READ_ONLY',
      `${operation}() needs a writable registry, but its ${context.backend.name} backend is read-only (a static export); write to the source registry and export again`,
      { details: { operation, backend: context.backend.name } },
    );
  }
}

type EventInput = Omit<RegistryEvent, 'id' | 'at' | 'actor'> & { actor?: string | undefined; at?: number };

/** Appends an audit event under its own key (no contention between writers). */
export async function recordEvent(context: Context, event: EventInput): Promise<RegistryEvent> {
  const id = uuidv7(context.clock);
  const full = { ...event, id, at: event.at ?? context.clock.now(), actor: event.actor ?? context.actor };
  const stored = Object.fromEntries(
    Object.entries(full).filter(([, value]) => value !== undefined),
  ) as unknown as RegistryEvent;
  await context.backend.appendEvent(stored);
  return stored;
}

/**
 * Read-modify-write of a model document by compare-and-set, retried until it wins. `mutate` gets the current
 * document (`undefined` when absent) and returns the new one, or `undefined` to leave it. The written document's
 * `sequence` is one more than the one it replaced.
 */
export async function updateModel(
  context: Context,
  name: string,
  mutate: (current: RegisteredModel | undefined) => RegisteredModel | undefined,
): Promise<RegisteredModel | undefined> {
  return conflictRetries.run(
    async () => {
      const current = await context.backend.getModel(name);
      const next = mutate(current?.value);
      if (next === undefined) return undefined;
      const written = { ...next, sequence: (current?.value.sequence ?? 0) + 1 };
      await context.backend.putModel(
        written,
        current ? { ifVersion: current.version } : { ifNotExists: true },
      );
      return written;
    },
    { retryIf: isConflict },
  );
}

/** Read-modify-write of a version document, as {@link updateModel}. */
export async function updateVersionDocument(
  context: Context,
  name: string,
  number: number,
  mutate: (current: StoredModelVersion | undefined) => StoredModelVersion | undefined,
): Promise<StoredModelVersion | undefined> {
  return conflictRetries.run(
    async () => {
      const current = await context.backend.getVersion(name, number);
      const next = mutate(current?.value);
      if (next === undefined || current === undefined) return undefined;
      const written = { ...next, sequence: (current.value.sequence ?? 0) + 1 };
      await context.backend.putVersion(written, { ifVersion: current.version });
      return written;
    },
    { retryIf: isConflict },
  );
}
