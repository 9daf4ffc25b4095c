import { type Clock, systemClock } from '@plinth/core';
import { checkNumber, describe, invalid, isPlainObject } from '../errors.ts';

/** A window: a count of rows, or a span of time. */
export type WindowSpec = { size: number } | { durationMs: number };

/**
 * Checks a window and slide; returns the slide (defaults to the window: tumbling).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the component and the bad field.
 */
export function checkWindow(
  window: WindowSpec,
  slide: number | undefined,
  component: string,
  kinds: ReadonlyArray<'size' | 'durationMs'> = ['size', 'durationMs'],
): number {
  const keys = isPlainObject(window) ? Object.keys(window) : [];
  if (keys.length !== 1 || !kinds.includes(keys[0] as 'size')) {
    throw invalid(
      `${component}: window must be ${kinds.map((kind) => `{ ${kind} }`).join(' or ')}, got ${isPlainObject(window) ? `{ ${keys.join(', ')} }` : describe(window)}`,
      { argument: 'window' },
    );
  }
  const bySize = keys[0] === 'size';
  const length = checkNumber(
    bySize ? (window as { size: number }).size : (window as { durationMs: number }).durationMs,
    `${component}: window.${keys[0]}`,
    { min: 0, exclusiveMin: true, integer: bySize, max: bySize ? 100_000_000 : Number.MAX_SAFE_INTEGER },
  );
  if (slide === undefined) return length;
  return checkNumber(slide, `${component}: slide (at most the window, ${length})`, {
    min: 0,
    exclusiveMin: true,
    max: length,
    integer: bySize,
  });
}

/**
 * Checks an injected clock; the system clock when none is given.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when `clock` has no `now()`.
 */
export function checkClock(clock: Clock | undefined, component: string): Clock {
  if (clock === undefined) return systemClock;
  if (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function') {
    throw invalid(`${component}: clock must be a Clock ({ now(): number }), got ${describe(clock)}`, {
      argument: 'clock',
    });
  }
  return clock;
}
