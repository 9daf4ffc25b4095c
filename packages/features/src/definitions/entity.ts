import { checkOptions, checkString } from '../errors.ts';
import { checkName, checkNames } from './names.ts';

/** An entity: the thing features describe (a driver, a customer), identified by one or more join keys. */
export interface Entity {
  readonly kind: 'entity';
  /** Entity name. */
  readonly name: string;
  /** Join key column names, in order. */
  readonly joinKeys: readonly string[];
  /** Free text. */
  readonly description?: string;
}

/** Options of {@link defineEntity}. */
export interface EntityOptions {
  /** Entity name (letters, digits and `_`). */
  name: string;
  /** Join key column names (letters, digits and `_`), in order; at least one. */
  joinKeys: readonly string[];
  /** Free text. */
  description?: string;
}

/**
 * Defines an entity.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a bad name, an empty or repeated join key, or an unknown option.
 * @example
 * ```ts
 * const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
 * ```
 */
export function defineEntity(options: EntityOptions): Entity {
  const checked = checkOptions<EntityOptions>(
    options,
    ['name', 'joinKeys', 'description'],
    'defineEntity options',
  );
  const name = checkName(checked.name, 'entity name');
  const joinKeys = Object.freeze(checkNames(checked.joinKeys, `entity ${name} joinKeys`));
  const description =
    checked.description === undefined
      ? undefined
      : checkString(checked.description, 'entity description', 10_000);
  return Object.freeze({
    kind: 'entity',
    name,
    joinKeys,
    ...(description === undefined ? {} : { description }),
  });
}

/** True when `value` is an {@link Entity} made by {@link defineEntity}. */
export function isEntity(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'entity';
}
