import { describe, invalid } from '../errors.ts';

/** The longest entity, view, feature, service or column name accepted. */
export const MAX_FEATURE_NAME_LENGTH = 128;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a user-chosen name (entity, view, feature, join key, source column): letters, digits and `_`, not
 * starting with a digit, at most 128 characters, not starting with the reserved `__plinth` prefix, and no `__`
 * in view names (it separates view and feature in full feature names).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `what`.
 */
export function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || !NAME.test(value) || value.length > MAX_FEATURE_NAME_LENGTH) {
    throw invalid(
      `${what} must be a name of letters, digits and _ (not starting with a digit, at most ${MAX_FEATURE_NAME_LENGTH} characters), got ${describe(value)}`,
      { argument: what },
    );
  }
  if (value.toLowerCase().startsWith('__plinth')) {
    throw invalid(`${what} ${JSON.stringify(value)} uses the reserved prefix __plinth; choose another name`, {
      argument: what,
    });
  }
  return value;
}

/** Checks a list of distinct names. */
export function checkNames(value: unknown, what: string, allowEmpty = false): string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0) || value.length > 1024) {
    throw invalid(
      `${what} must be ${allowEmpty ? 'an' : 'a non-empty'} array of names, got ${describe(value)}`,
      {
        argument: what,
      },
    );
  }
  const seen = new Set<string>();
  return value.map((name, index) => {
    checkName(name, `${what}[${index}]`);
    if (seen.has(name)) throw invalid(`${what} names ${JSON.stringify(name)} twice`, { argument: what });
    seen.add(name);
    return name as string;
  });
}
