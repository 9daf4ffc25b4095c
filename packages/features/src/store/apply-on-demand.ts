// Runs on-demand transforms row by row over columns: the one code path for offline results and online lookups.
import { describe, errors, isPlainObject } from '../errors.ts';
import type { OnDemandPlan } from './resolve.ts';
import { plainNumber } from './to-rows.ts';

/**
 * Computes the requested outputs of an on-demand view for `length` rows; `column(name)` gives the values of
 * a joined feature column or a request field.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the transform throws or returns something other than an object.
 */
export function applyOnDemand(
  plan: OnDemandPlan,
  length: number,
  column: (name: string) => ArrayLike<unknown> | undefined,
): Map<string, unknown[]> {
  const inputs = [...plan.inputs].map(([name, source]) => [name, column(source)] as const);
  const outputs = new Map(plan.features.map((feature) => [feature.output, new Array<unknown>(length)]));
  for (let row = 0; row < length; row++) {
    const input = Object.create(null) as Record<string, unknown>;
    // int64 as number (bigint beyond 2^53), timestamps as Date: the same values offline and online
    for (const [name, values] of inputs) input[name] = plainNumber(values?.[row] ?? null);
    let result: unknown;
    try {
      result = plan.view.transform(input as never);
    } catch (error) {
      throw errors.error(
        'PLINTH_VALIDATION',
        `on-demand view ${plan.view.name}: the transform threw on row ${row}; fix the transform`,
        {
          cause: error,
          details: { view: plan.view.name, row },
        },
      );
    }
    if (!isPlainObject(result)) {
      throw errors.error(
        'PLINTH_VALIDATION',
        `on-demand view ${plan.view.name}: the transform returned ${describe(result)}; return an object of features`,
        { details: { view: plan.view.name, row } },
      );
    }
    for (const feature of plan.features) {
      outputs.get(feature.output)![row] = Object.hasOwn(result, feature.name)
        ? (result[feature.name] ?? null)
        : null;
    }
  }
  return outputs;
}
