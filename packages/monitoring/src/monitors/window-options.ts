import { monitoringValidationError } from '../profile/errors.ts';

/** A window: a count of rows, or a span of time. */
export type WindowSpec = { size: number } | { durationMs: number };

/** Checks a window and slide; returns the slide (defaults to the window: tumbling). */
export function checkWindow(window: WindowSpec, slide: number | undefined, component: string): number {
  const length = 'size' in window ? window.size : window.durationMs;
  const name = 'size' in window ? 'window.size' : 'window.durationMs';
  if (!(Number.isFinite(length) && length > 0) || ('size' in window && !Number.isInteger(length))) {
    throw monitoringValidationError(
      `${component}: ${name} must be a positive ${'size' in window ? 'whole ' : ''}number, got ${length}`,
    );
  }
  const step = slide ?? length;
  if (!(step > 0 && step <= length) || ('size' in window && !Number.isInteger(step))) {
    throw monitoringValidationError(
      `${component}: slide must be positive and at most the window (${length}), got ${slide}`,
    );
  }
  return step;
}
