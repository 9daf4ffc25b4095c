import * as z from 'zod/mini';

/** Most JSON characters an input example may take. */
export const MAX_JSON_BYTES = 1 << 20;
const MAX_DEPTH = 64;

/** Why `value` is not a bounded JSON value, or `undefined` when it is. */
export function jsonValueProblem(value: unknown): string | undefined {
  let budget = MAX_JSON_BYTES;
  const seen = new Set<object>();
  const visit = (node: unknown, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `nests deeper than ${MAX_DEPTH} levels`;
    if (node === null || typeof node === 'boolean') budget -= 5;
    else if (typeof node === 'number') budget -= 24;
    else if (typeof node === 'string') budget -= node.length + 2;
    else if (typeof node === 'object') {
      if (seen.has(node)) return 'is circular';
      seen.add(node);
      if (Array.isArray(node)) {
        budget -= 2 + node.length;
        for (const item of node) {
          const problem = visit(item, depth + 1);
          if (problem) return problem;
          if (budget < 0) break;
        }
      } else {
        const prototype = Object.getPrototypeOf(node);
        if (prototype !== Object.prototype && prototype !== null)
          return 'holds an object that is not plain JSON';
        for (const key of Object.keys(node)) {
          budget -= key.length + 4;
          const problem = visit((node as Record<string, unknown>)[key], depth + 1);
          if (problem) return problem;
          if (budget < 0) break;
        }
      }
      seen.delete(node);
    } else return `holds a ${typeof node}, which JSON cannot store`;
    return budget < 0 ? `is larger than ${MAX_JSON_BYTES} bytes of JSON` : undefined;
  };
  return visit(value, 0);
}

/** Any JSON value (null, booleans, numbers, strings, arrays, plain objects), up to 1 MiB and 64 levels deep. */
export const JsonValueSchema = z.custom<unknown>((value) => jsonValueProblem(value) === undefined, {
  error: (issue) => `must be a JSON value: it ${jsonValueProblem(issue.input) ?? 'is invalid'}`,
});
