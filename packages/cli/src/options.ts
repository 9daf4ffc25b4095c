import { InvalidArgumentError } from 'commander';

/** A commander parser of an integer option in [min, max] (a bad value is a usage error, exit code 2). */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max.toLocaleString('en-US')}.`);
    }
    return parsed;
  };
}

/** A commander parser of a number option in [min, max]. */
export function numberOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** A commander parser that collects a repeatable option into an array (`-e a -e b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A commander parser of a comma-separated list (`--columns a,b`), repeatable; empty items dropped. */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A commander parser of a duration: `90s`, `30m`, `2h`, `1d`, or milliseconds. */
export function durationOption(value: string): number {
  const match = DURATION.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 'ms']! : Number.NaN;
  if (!Number.isFinite(ms) || ms > 2 ** 53) {
    throw new InvalidArgumentError('must be a duration such as 90s, 30m, 2h or 1d (or milliseconds).');
  }
  return ms;
}
