import { PlinthError } from '@plinth/core';
import { visible } from './text.ts';

const MAX_ERROR_LENGTH = 4000;

/** One line for an error: the PlinthError message and its code, control characters escaped. */
export function errorLine(error: unknown): string {
  const message = PlinthError.is(error)
    ? `${error.message} (${error.code})`
    : error instanceof Error
      ? error.message
      : String(error);
  const line = visible(message.replace(/\s*\n\s*/g, ' '));
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}
