import type { PlinthErrorCode } from './codes.ts';

const marker = Symbol.for('plinth.error');

/** What a {@link PlinthError} is built from. */
export interface PlinthErrorOptions<C extends PlinthErrorCode = PlinthErrorCode> {
  /** Stable code from `PLINTH_ERROR_CODES`. */
  code: C;
  /** The component that raised it: `core`, `storage:fs`, `tracking`, `registry`, … */
  component: string;
  /** What went wrong and what to do about it. The `[plinth:component]` prefix is added for you. */
  message: string;
  /** The underlying error, always kept. */
  cause?: unknown;
  /** Machine-readable facts (offending paths, conflicting versions, …). */
  details?: Record<string, unknown>;
}

/**
 * The one error class Plinth throws for anything a caller can act on.
 *
 * Recognised across package copies and realms by a `Symbol.for` marker, so use {@link PlinthError.is}
 * rather than `instanceof`.
 *
 * @example
 * ```ts
 * try { await registry.getVersion('models:/fraud@champion'); }
 * catch (error) { if (PlinthError.is(error, 'PLINTH_NOT_FOUND')) { ... } }
 * ```
 */
export class PlinthError<C extends PlinthErrorCode = PlinthErrorCode> extends Error {
  readonly [marker] = true;
  /** Stable code: match on this, never on the message. */
  readonly code: C;
  /** The component that raised the error. */
  readonly component: string;
  /** Machine-readable facts about the failure. */
  readonly details: Record<string, unknown> | undefined;

  constructor(options: PlinthErrorOptions<C>) {
    super(`[plinth:${options.component}] ${options.message}`, { cause: options.cause });
    this.name = 'PlinthError';
    this.code = options.code;
    this.component = options.component;
    this.details = options.details;
  }

  /** True when `value` is a PlinthError (from any copy of this package), optionally with the given code. */
  static is<C extends PlinthErrorCode>(value: unknown, code?: C): value is PlinthError<C> {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[marker] !== true) return false;
    return code === undefined || (value as { code?: unknown }).code === code;
  }
}

/** Shorthand for `new PlinthError({ code, component, message, ... })`. */
export function plinthError<C extends PlinthErrorCode>(
  code: C,
  component: string,
  message: string,
  extra: Pick<PlinthErrorOptions, 'cause' | 'details'> = {},
): PlinthError<C> {
  return new PlinthError({ code, component, message, ...extra });
}
