import { NameSchema } from '@plinth/core';
import type * as zc from 'zod/v4/core';
import { errors } from './errors.ts';

/** Validates a model name. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkModelName(name: unknown, subject = 'model name'): string {
  return errors.parse(NameSchema, name, subject) as string;
}

/** A short description of any value for a message (never throws, even for objects without a prototype). */
export function shortly(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 60));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value == null)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Validates a version number: a positive safe integer. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkVersion(version: unknown, subject = 'version'): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    const shown = shortly(version);
    throw errors.invalid(subject, {
      path: '',
      message: `must be a positive integer (a number, not a string), got ${shown}`,
    });
  }
  return version;
}

/** True for names MLflow reserves: `latest` and `v<number>` (any case). */
export function isReservedAlias(alias: string): boolean {
  return /^latest$/i.test(alias) || /^v\d+$/i.test(alias);
}

/** Validates an alias name (a name, not reserved). @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkAlias(alias: unknown, options: { allowReserved?: boolean } = {}): string {
  const name = errors.parse(NameSchema, alias, 'alias') as string;
  if (!options.allowReserved && isReservedAlias(name)) {
    throw errors.invalid('alias', {
      path: '',
      message: `"${name}" is reserved ("latest" and "v<number>" name versions already); pick another name such as "champion"`,
    });
  }
  return name;
}

/** Parses an optional options object: `undefined` is `{}`, anything but a plain object is rejected. */
export function parseOptions<S extends zc.$ZodType>(
  schema: S,
  value: unknown,
  subject: string,
): zc.output<S> {
  return errors.parse(schema, value === undefined ? {} : value, subject);
}
