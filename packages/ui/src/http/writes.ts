import { KeySchema, TagValueSchema } from '@plinth/core';
import type { Registry } from '@plinth/registry';
import type { Tracker } from '@plinth/tracking';
import { uiErrors } from '../errors.ts';

const MAX_BODY = 64 * 1024;

/**
 * Reads the JSON body of a write request after the CSRF checks: POST only, a JSON content type, the
 * `x-plinth-ui` header (a cross-site page cannot send a custom header without a CORS preflight, which this
 * handler never grants), and a same-origin `Origin` / `Sec-Fetch-Site` when the browser sends them.
 */
export async function readWriteBody(request: Request): Promise<Record<string, unknown>> {
  const url = new URL(request.url);
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (request.headers.get('x-plinth-ui') !== '1') {
    throw uiErrors.error('PLINTH_READ_ONLY', 'write requests need the x-plinth-ui: 1 header');
  }
  if ((origin !== null && origin !== url.origin) || (site !== null && site !== 'same-origin')) {
    throw uiErrors.error(
      'PLINTH_READ_ONLY',
      'write requests must come from the UI page itself (same origin)',
    );
  }
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw uiErrors.invalid('write request', { path: 'content-type', message: 'must be application/json' });
  }
  const text = await request.text();
  if (text.length > MAX_BODY) {
    throw uiErrors.invalid('write request', {
      path: 'body',
      message: `must be at most ${MAX_BODY} characters`,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw uiErrors.invalid('write request', { path: 'body', message: 'must be JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw uiErrors.invalid('write request', { path: 'body', message: 'must be a JSON object' });
  }
  return body as Record<string, unknown>;
}

const stringField = (body: Record<string, unknown>, key: string, max = 8000): string => {
  const value = Object.hasOwn(body, key) ? body[key] : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw uiErrors.invalid('write request', {
      path: key,
      message: `must be a string of 1 to ${max} characters`,
    });
  }
  return value;
};

/** Runs one write action; returns what changed. */
export async function runWrite(
  action: string,
  body: Record<string, unknown>,
  context: { tracker: Tracker; registry?: Registry; actor: string },
): Promise<unknown> {
  const { tracker } = context;
  switch (action) {
    case 'run/rename':
      return {
        run: (await tracker.renameRun(stringField(body, 'id', 128), stringField(body, 'name', 250))).name,
      };
    case 'run/delete':
      return { lifecycle: (await tracker.deleteRun(stringField(body, 'id', 128))).lifecycle };
    case 'run/restore':
      return { lifecycle: (await tracker.restoreRun(stringField(body, 'id', 128))).lifecycle };
    case 'run/tags': {
      const id = stringField(body, 'id', 128);
      const tags = body.tags;
      if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
        throw uiErrors.invalid('write request', {
          path: 'tags',
          message: 'must be an object of key → value or null',
        });
      }
      const changes = Object.entries(tags as Record<string, unknown>);
      if (changes.length === 0 || changes.length > 100) {
        throw uiErrors.invalid('write request', { path: 'tags', message: 'must hold 1 to 100 tags' });
      }
      for (const [key, value] of changes) {
        uiErrors.parse(KeySchema, key, 'tag key');
        if (key.startsWith('mlflow.')) {
          throw uiErrors.invalid('write request', {
            path: `tags.${key}`,
            message: 'mlflow.* tags are set by the tracker',
          });
        }
        if (value !== null) uiErrors.parse(TagValueSchema, value, `tag "${key}"`);
      }
      await tracker.getRun(id);
      // the tracker's public calls tag only active run handles; an ended run is tagged through its backend
      const updated = await tracker.backend.updateRun(id, (run) => {
        const next: Record<string, string> = Object.create(null);
        for (const key of Object.keys(run.tags)) next[key] = run.tags[key]!;
        for (const [key, value] of changes) {
          if (value === null) delete next[key];
          else next[key] = value as string;
        }
        return { ...run, tags: next };
      });
      return { tags: updated.tags };
    }
    case 'alias': {
      if (!context.registry) throw uiErrors.error('PLINTH_NOT_FOUND', 'this UI has no registry');
      const version = body.version;
      if (!Number.isSafeInteger(version) || (version as number) < 1) {
        throw uiErrors.invalid('write request', { path: 'version', message: 'must be a version number' });
      }
      const reason = stringField(body, 'reason', 8000).trim();
      if (!reason) throw uiErrors.invalid('write request', { path: 'reason', message: 'must say why' });
      return context.registry.setAlias(
        stringField(body, 'name', 256),
        stringField(body, 'alias', 256),
        version as number,
        {
          reason,
          actor: context.actor,
        },
      );
    }
    default:
      throw uiErrors.error('PLINTH_NOT_FOUND', `there is no write action "${action}"`);
  }
}
