import { describe, invalid, isPlainObject } from '../errors.ts';
import { checkName } from './names.ts';
import { checkFeatureType, type FeatureType } from './types.ts';

/** One feature: a name and a value type. */
export interface FeatureSpec {
  readonly name: string;
  readonly type: FeatureType;
}

/** Features as an object of types (`{ conv_rate: 'float64' }`, in key order) or a list of `{ name, type }`. */
export type FeaturesInput = Readonly<Record<string, FeatureType>> | readonly FeatureSpec[];

/** Checks a features argument into a frozen list (own keys only: `__proto__` and `constructor` are names). */
export function checkFeatures(value: unknown, what: string, allowEmpty = false): readonly FeatureSpec[] {
  let list: FeatureSpec[];
  if (Array.isArray(value)) {
    list = value.map((entry, index) => {
      if (!isPlainObject(entry))
        throw invalid(`${what}[${index}] must be { name, type }, got ${describe(entry)}`);
      return { name: entry.name as string, type: entry.type as FeatureType };
    });
  } else if (isPlainObject(value)) {
    list = Object.keys(value).map((name) => ({ name, type: value[name] as FeatureType }));
  } else {
    throw invalid(
      `${what} must be an object of feature types or a list of { name, type }, got ${describe(value)}`,
      {
        argument: what,
      },
    );
  }
  if (list.length === 0 && !allowEmpty)
    throw invalid(`${what} must name at least one feature`, { argument: what });
  if (list.length > 10_000) throw invalid(`${what} has more than 10000 features`, { argument: what });
  const seen = new Set<string>();
  return Object.freeze(
    list.map((feature) => {
      const name = checkName(feature.name, `${what} name`);
      if (seen.has(name)) throw invalid(`${what} names ${JSON.stringify(name)} twice`, { argument: what });
      seen.add(name);
      return Object.freeze({ name, type: checkFeatureType(feature.type, `${what} ${name} type`) });
    }),
  );
}
