import { memoryStorage } from '@plinth/core/memory';
import { createRegistry, type Registry } from '@plinth/registry';
import { expect } from 'vitest';
import { encodeModel, floatTensor, node, valueInfo } from './models/onnx-builder.ts';

/** Catches the error a promise (or function) rejects with. */
export async function caught(
  promise: Promise<unknown> | (() => unknown),
): Promise<Error & { code?: string; cause?: unknown }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

/** Expects every value within `tolerance` of the expected one (absolute, or relative above 1). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    if (Math.abs(actual[i]! - expected[i]!) > tolerance * scale) {
      throw new Error(`value ${i}: ${actual[i]} differs from ${expected[i]} by more than ${tolerance}`);
    }
  }
}

/** A registry over memory storage. */
export function memoryRegistry(): Registry {
  return createRegistry({ storage: memoryStorage(), actor: 'serving-tests' });
}

/**
 * A model that fails at run time on some valid-looking inputs: `x` float32 [-1, -1] times a [3, 1] matrix, so
 * any row width but 3 makes MatMul fail inside ONNX Runtime.
 */
export function brokenAtRunTimeModel(): Uint8Array {
  return encodeModel({
    name: 'matmul-3',
    node: [node('MatMul', ['x', 'w'], ['y'])],
    initializer: [floatTensor('w', [3, 1], [1, 2, 3])],
    input: [valueInfo('x', 'float32', ['batch', 'width'])],
    output: [valueInfo('y', 'float32', ['batch', 1])],
  });
}

/** Identity over inputs named like Object.prototype members: `__proto__` → `toString`, `constructor` → `hasOwnProperty`. */
export function prototypeNamesModel(): Uint8Array {
  return encodeModel({
    name: 'prototype-names',
    node: [
      node('Identity', ['__proto__'], ['toString']),
      node('Identity', ['constructor'], ['hasOwnProperty']),
    ],
    input: [
      valueInfo('__proto__', 'float32', ['batch', 2]),
      valueInfo('constructor', 'float32', ['batch', 2]),
    ],
    output: [
      valueInfo('toString', 'float32', ['batch', 2]),
      valueInfo('hasOwnProperty', 'float32', ['batch', 2]),
    ],
  });
}
