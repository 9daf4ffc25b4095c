/**
 * `@plinth/registry/semver`: the rule `registerVersion` bumps a model's semantic version by (a changed input
 * dtype or rank is major, a widened dimension minor, anything else patch), for previewing a bump before
 * registering. A subpath of its own so that a page which only reads models does not load it.
 *
 * @packageDocumentation
 */
import type { Signature } from '@plinth/core';

/** How a signature changed from one version to the next. */
export type SignatureChange = 'major' | 'minor' | 'patch';

type Spec = Signature['inputs'][number];

const rank: Record<SignatureChange, number> = { patch: 0, minor: 1, major: 2 };
const worst = (a: SignatureChange, b: SignatureChange): SignatureChange => (rank[a] >= rank[b] ? a : b);

/** How one tensor changed, seen from the side that feeds it (inputs) or reads it (outputs). */
function compareSpec(before: Spec, after: Spec, side: 'input' | 'output'): SignatureChange {
  if (before.dtype !== after.dtype) return 'major';
  const shapeBefore = before.shape;
  const shapeAfter = after.shape;
  if (shapeBefore === undefined || shapeAfter === undefined)
    return shapeBefore === shapeAfter ? 'patch' : 'minor';
  if (shapeBefore.length !== shapeAfter.length) return 'major';
  let change: SignatureChange = 'patch';
  for (let i = 0; i < shapeBefore.length; i++) {
    const from = shapeBefore[i]!;
    const to = shapeAfter[i]!;
    if (from === to) continue;
    if (to === -1) change = worst(change, 'minor');
    else if (from === -1) change = worst(change, side === 'input' ? 'major' : 'minor');
    else return 'major';
  }
  return change;
}

const optionalInput = (spec: Spec) => 'nullable' in spec && spec.nullable === true;

function compareList(before: Spec[], after: Spec[], side: 'input' | 'output'): SignatureChange {
  const previous = new Map(before.map((spec) => [spec.name, spec]));
  const next = new Map(after.map((spec) => [spec.name, spec]));
  let change: SignatureChange = 'patch';
  for (const [name, spec] of previous) {
    const now = next.get(name);
    if (!now) return 'major';
    change = worst(change, compareSpec(spec, now, side));
  }
  for (const [name, spec] of next) {
    if (previous.has(name)) continue;
    change = worst(change, side === 'input' && !optionalInput(spec) ? 'major' : 'minor');
  }
  return change;
}

/**
 * Classifies a signature change. Major: an input or output removed, retyped or reshaped, a new required
 * input, an input dimension narrowed from -1 to a size. Minor: added outputs, added optional (nullable)
 * inputs, dimensions relaxed to -1. Patch: nothing in the signature changed.
 * A signature appearing where there was none is minor; one disappearing is major.
 */
export function classifySignatureChange(
  before: Signature | undefined,
  after: Signature | undefined,
): SignatureChange {
  if (!before) return after ? 'minor' : 'patch';
  if (!after) return 'major';
  return worst(
    compareList(before.inputs, after.inputs, 'input'),
    compareList(before.outputs, after.outputs, 'output'),
  );
}

/** The semver after `previous` for a change of the given kind (`1.0.0` when there is no previous). */
export function bumpSemver(previous: string | undefined, change: SignatureChange): string {
  if (previous === undefined) return '1.0.0';
  const [major = 1, minor = 0, patch = 0] = previous.split('.').map(Number);
  if (change === 'major') return `${major + 1}.0.0`;
  if (change === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
