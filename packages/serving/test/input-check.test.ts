import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type Model } from '../src/index.node.ts';
import { brokenAtRunTimeModel, caught, prototypeNamesModel } from './helpers.ts';
import { mixedTypesModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

let mlp: Model;
let mixed: Model;
beforeAll(async () => {
  mlp = await loadModel({ bytes: mlpModel().bytes });
  mixed = await loadModel({ bytes: mixedTypesModel().bytes });
});
afterAll(async () => {
  await mlp.dispose();
  await mixed.dispose();
});

/** The PLINTH_VALIDATION message of a predict call. */
async function rejection(model: Model, inputs: unknown): Promise<string> {
  const error = await caught(model.predict(inputs as never));
  expect(error.code).toBe('PLINTH_VALIDATION');
  return error.message;
}

describe('predict input check (before ONNX Runtime sees anything)', () => {
  it('names the input and what the signature wants', async () => {
    const wants = /input "features" wants float32 data \(Float32Array\) with shape \[-1, 32\]; got/;
    expect(await rejection(mlp, { features: new Float64Array(32) })).toMatch(wants);
    expect(await rejection(mlp, { features: new Float64Array(32) })).toMatch(/got Float64Array;/);
    expect(await rejection(mlp, { features: { data: new Float32Array(32), dims: [32] } })).toMatch(
      /got rank 1/,
    );
    expect(await rejection(mlp, { features: { data: new Float32Array(62), dims: [2, 31] } })).toMatch(
      /dims \[2, 31\]/,
    );
    expect(await rejection(mlp, { features: { data: new Float32Array(32), dims: [2, 32] } })).toMatch(
      /32 values for dims \[2, 32\] \(64 expected\)/,
    );
    expect(await rejection(mlp, { features: { data: new Float32Array(32), dims: [1.5, 32] } })).toMatch(
      /not a size/,
    );
    expect(await rejection(mlp, { features: new Float32Array(33) })).toMatch(
      /33 values, not a multiple of 32/,
    );
    expect(await rejection(mlp, { features: [[1, 2, 3]] })).toMatch(/rows of 3 values/);
    expect(await rejection(mlp, { features: [new Array(32).fill(0), [1]] })).toMatch(/row 1 of 1 values/);
    expect(await rejection(mlp, { features: [new Array(31).fill(0).concat('x')] })).toMatch(
      /a string at index 31/,
    );
    expect(await rejection(mlp, { features: 'abc' })).toMatch(/got string/);
  });

  it('missing and unknown inputs', async () => {
    expect(await rejection(mlp, {})).toMatch(/missing input "features"/);
    expect(await rejection(mlp, { features: new Float32Array(32), extra: 1 })).toMatch(
      /unknown input "extra"; the model takes "features"/,
    );
    expect(await rejection(mixed, { count: [[1]], category: [['a']] })).toMatch(/missing input "flag"/);
    for (const inputs of [null, undefined, 42, [new Float32Array(32)]]) {
      expect(await rejection(mlp, inputs)).toMatch(/must be an object of inputs by name \("features"\)/);
    }
  });

  it('int64, bool and string cells are checked', async () => {
    const base = { count: BigInt64Array.of(1n), category: ['a'], flag: [true] };
    expect(await rejection(mixed, { ...base, count: [[1.5]] })).toMatch(
      /int64 data \(BigInt64Array\).*1\.5 at index 0/,
    );
    expect(await rejection(mixed, { ...base, count: [[Number.NaN]] })).toMatch(/NaN at index 0/);
    expect(await rejection(mixed, { ...base, count: [[2 ** 60]] })).toMatch(/at index 0/);
    expect(await rejection(mixed, { ...base, count: new Int32Array(1) })).toMatch(/got Int32Array/);
    expect(await rejection(mixed, { ...base, flag: [2] })).toMatch(/"flag" wants bool/);
    expect(await rejection(mixed, { ...base, category: [3] })).toMatch(
      /"category" wants string data \(string\[\]\)/,
    );
  });

  it('inputs named __proto__ and constructor are data, and so are outputs named toString', async () => {
    const model = await loadModel({ bytes: prototypeNamesModel() });
    try {
      const inputs = JSON.parse('{"__proto__": [[1, 2]], "constructor": [[3, 4]]}') as Record<
        string,
        unknown
      >;
      const outputs = await model.predict(inputs);
      expect(Object.keys(outputs)).toEqual(['toString', 'hasOwnProperty']);
      const byName = new Map(Object.entries(outputs));
      expect([...(byName.get('toString')!.data as Float32Array)]).toEqual([1, 2]);
      expect([...(byName.get('hasOwnProperty')!.data as Float32Array)]).toEqual([3, 4]);
      expect(Object.getPrototypeOf(inputs)).toBe(Object.prototype);
      expect(await rejection(model, { constructor: [[3, 4]] })).toMatch(/missing input "__proto__"/);
    } finally {
      await model.dispose();
    }
  });

  it('any value either runs or fails with PLINTH_VALIDATION (fast-check)', async () => {
    const value = fc.oneof(
      fc.anything(),
      fc.float32Array({ maxLength: 70 }),
      fc.array(fc.array(fc.oneof(fc.double(), fc.string(), fc.bigInt()), { maxLength: 33 }), {
        maxLength: 3,
      }),
      fc.record({
        data: fc.float32Array({ maxLength: 70 }),
        dims: fc.array(fc.integer({ min: -2, max: 40 })),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        value,
        fc.constantFrom('features', '__proto__', 'constructor', 'x;--"'),
        async (input, name) => {
          try {
            await mlp.predict({ [name]: input });
          } catch (error) {
            expect((error as { code?: string }).code).toBe('PLINTH_VALIDATION');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('runtime failures', () => {
  it('an error inside ONNX Runtime → PLINTH_INFERENCE with the original as cause', async () => {
    const model = await loadModel({ bytes: brokenAtRunTimeModel() });
    try {
      expect((await model.predict({ x: { data: new Float32Array(3), dims: [1, 3] } })).y!.data).toEqual(
        Float32Array.of(0),
      );
      const error = await caught(model.predict({ x: { data: randomFloats(4, 1), dims: [2, 2] } }));
      expect(error.code).toBe('PLINTH_INFERENCE');
      expect(error.message).toMatch(/^\[plinth:serving\] model bytes failed while running: /);
      expect(error.cause).toBeInstanceOf(Error);
    } finally {
      await model.dispose();
    }
  });
});
