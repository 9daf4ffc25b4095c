import { NameSchema } from '@plinth/core';
import { errors } from './internal/errors.ts';

/** A parsed model reference: a version number, an alias, or the newest version. */
export type ModelRef =
  | {
      /** The model's name. */
      name: string;
      /** A version number. */
      version: number;
    }
  | {
      /** The model's name. */
      name: string;
      /** An alias of the model. */
      alias: string;
    }
  | {
      /** The model's name. */
      name: string;
      /** The newest version that exists. */
      latest: true;
    };

/**
 * A model URI: `models:/<name>/<version>`, `models:/<name>/latest` or `models:/<name>@<alias>`. A typo such as
 * `'model:/fraud@champion'` does not compile; URIs are validated at run time too.
 */
export type ModelUri =
  | `models:/${string}/${number}`
  | `models:/${string}/latest`
  | `models:/${string}@${string}`;

/** What the registry accepts wherever a model version is named: a {@link ModelUri} or a reference object. */
export type ModelVersionRef =
  | ModelUri
  | { name: string; version: number | 'latest' }
  | { name: string; alias: string };

/** The accepted forms, listed in validation errors. */
export const ACCEPTED_URI_FORMS =
  'models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/latest, or { name, version } / { name, alias }';

const URI = /^models:\/([^/@]+)(?:\/([^/@]+)|@([^/@]+))$/;

function invalid(shown: string, why: string) {
  return errors.error(
    'PLINTH_VALIDATION',
    `invalid model reference ${shown.slice(0, 300)}: ${why}; use ${ACCEPTED_URI_FORMS}`,
    {
      details: { issues: [{ path: 'uri', message: why }], accepted: ACCEPTED_URI_FORMS },
    },
  );
}

function checkName(name: string, shown: string): void {
  const parsed = NameSchema.safeParse(name);
  if (!parsed.success) throw invalid(shown, `model name ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
}

function parseVersion(text: string, shown: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text)) throw invalid(shown, `version "${text}" is not a positive integer`);
  return Number(text);
}

/**
 * Parses a model URI or reference object.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` listing the accepted forms.
 * @example
 * ```ts
 * parseModelUri('models:/fraud@champion'); // { name: 'fraud', alias: 'champion' }
 * ```
 */
export function parseModelUri(reference: ModelVersionRef): ModelRef {
  if (typeof reference === 'object' && reference !== null) {
    let shown: string;
    try {
      shown = JSON.stringify(reference) ?? String(reference);
    } catch {
      shown = 'object';
    }
    const { name } = reference as { name?: unknown };
    if (typeof name !== 'string') throw invalid(shown, 'name must be a string');
    checkName(name, shown);
    const keys = Object.keys(reference).sort().join(',');
    if (keys !== 'alias,name' && keys !== 'name,version')
      throw invalid(shown, 'give { name, version } or { name, alias }');
    if ('alias' in reference) {
      if (typeof reference.alias !== 'string') throw invalid(shown, 'alias must be a string');
      checkName(reference.alias, shown);
      return { name, alias: reference.alias };
    }
    const version = (reference as { version?: unknown }).version;
    if (version === 'latest') return { name, latest: true };
    if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 1)
      return { name, version };
    throw invalid(shown, 'version must be a positive integer or "latest"');
  }
  if (typeof reference !== 'string')
    throw invalid(typeof reference, 'must be a models:/ URI string or an object');
  const shown = JSON.stringify(reference.slice(0, 300));
  if (reference.length > 2000) throw invalid(shown, 'is too long');
  const match = URI.exec(reference);
  if (!match) throw invalid(shown, 'not a models:/ URI');
  let name: string;
  try {
    name = decodeURIComponent(match[1]!);
  } catch {
    throw invalid(shown, 'the model name has a malformed %-escape');
  }
  checkName(name, shown);
  if (match[3] !== undefined) {
    checkName(match[3], shown);
    return { name, alias: match[3] };
  }
  if (match[2] === 'latest') return { name, latest: true };
  return { name, version: parseVersion(match[2]!, shown) };
}

/** Formats a reference back to its URI. */
export function formatModelUri(reference: ModelRef): ModelUri {
  if ('alias' in reference) return `models:/${reference.name}@${reference.alias}`;
  if ('latest' in reference) return `models:/${reference.name}/latest`;
  return `models:/${reference.name}/${reference.version}`;
}
