import type { Signature } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { bumpSemver, classifySignatureChange } from './semver.ts';

const base: Signature = {
  inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 32] }],
  outputs: [{ name: 'score', dtype: 'float32', shape: [-1, 1] }],
};
const withInputs = (inputs: Signature['inputs']): Signature => ({ ...base, inputs });
const withOutputs = (outputs: Signature['outputs']): Signature => ({ ...base, outputs });

describe('classifySignatureChange', () => {
  it('is patch when nothing changed (order of tensors does not matter)', () => {
    expect(classifySignatureChange(base, structuredClone(base))).toBe('patch');
    expect(classifySignatureChange(undefined, undefined)).toBe('patch');
    const two = withInputs([...base.inputs, { name: 'extra', dtype: 'int64', shape: [-1], nullable: true }]);
    expect(classifySignatureChange(two, { ...two, inputs: [...two.inputs].reverse() })).toBe('patch');
  });

  it('is major for removed, retyped or reshaped tensors and new required inputs', () => {
    expect(classifySignatureChange(base, withOutputs([]))).toBe('major');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'features', dtype: 'float64', shape: [-1, 32] }])),
    ).toBe('major');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'features', dtype: 'float32', shape: [-1, 64] }])),
    ).toBe('major');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'features', dtype: 'float32', shape: [-1, 32, 1] }])),
    ).toBe('major');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'features', dtype: 'float32', shape: [8, 32] }])),
    ).toBe('major');
    expect(
      classifySignatureChange(
        base,
        withInputs([...base.inputs, { name: 'country', dtype: 'string', shape: [-1] }]),
      ),
    ).toBe('major');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'renamed', dtype: 'float32', shape: [-1, 32] }])),
    ).toBe('major');
    expect(classifySignatureChange(base, undefined)).toBe('major');
  });

  it('is minor for added outputs, optional inputs and dimensions relaxed to -1', () => {
    expect(
      classifySignatureChange(
        base,
        withOutputs([...base.outputs, { name: 'label', dtype: 'int64', shape: [-1] }]),
      ),
    ).toBe('minor');
    expect(
      classifySignatureChange(base, withInputs([{ name: 'features', dtype: 'float32', shape: [-1, -1] }])),
    ).toBe('minor');
    expect(
      classifySignatureChange(
        base,
        withInputs([...base.inputs, { name: 'note', dtype: 'string', nullable: true }]),
      ),
    ).toBe('minor');
    expect(classifySignatureChange(undefined, base)).toBe('minor');
  });

  it('takes the worst change across inputs and outputs', () => {
    const relaxed = withInputs([{ name: 'features', dtype: 'float32', shape: [-1, -1] }]);
    expect(classifySignatureChange(base, { ...relaxed, outputs: [] })).toBe('major');
  });
});

describe('bumpSemver', () => {
  it('starts at 1.0.0 and bumps each part', () => {
    expect(bumpSemver(undefined, 'major')).toBe('1.0.0');
    expect(bumpSemver('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpSemver('1.4.2', 'minor')).toBe('1.5.0');
    expect(bumpSemver('1.4.2', 'major')).toBe('2.0.0');
  });
});
