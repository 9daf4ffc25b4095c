// Benchmark `filter`: the LIKE/ILIKE matcher of @plinth/core/filter against V8's RegExp on benign patterns
// (npm run bench -- filter). Ratios are matcher time / RegExp time over the same 10,000 values, same run.
import { compileLike } from '@plinth/core/filter';
import { type BenchCase, ratioOf, report, timeCases } from './lib/harness.ts';

/** The anchored RegExp a LIKE pattern meant before the shared engine (safe only on benign patterns). */
function regExpOf(pattern: string, flags: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, flags);
}

export default async function filterBench(): Promise<void> {
  const values = Array.from({ length: 10_000 }, (_, i) => `team-${i % 97}-${(i * 7919) % 10_007}-risk-model`);
  const patterns: Array<[string, string, boolean]> = [
    ['prefix', 'team-1%', false],
    ['contains', '%risk%', false],
    ['underscore', 'team-__-%-model', false],
    ['ILIKE contains', '%RISK-MODEL', true],
  ];
  const cases: BenchCase[] = [];
  for (const [name, pattern, insensitive] of patterns) {
    const like = compileLike(pattern, insensitive);
    const regExp = regExpOf(pattern, insensitive ? 'isu' : 'su');
    cases.push(
      { label: `${name}: compileLike`, run: () => values.filter((value) => like(value)).length },
      { label: `${name}: RegExp`, run: () => values.filter((value) => regExp.test(value)).length },
    );
  }
  const results = await timeCases(cases, { samples: 31, warmup: 5 });
  const ratios = Object.fromEntries(
    patterns.map(([name]) => [
      `${name} compileLike / RegExp`,
      ratioOf(results, `${name}: compileLike`, `${name}: RegExp`),
    ]),
  );
  // The ReDoS repro, matcher only (the RegExp took seconds here): one value, one call.
  const tag = 'a'.repeat(8000);
  const redos = compileLike('%a%a%a%a%a%a%a%a%a%a%a%a%b');
  const [repro] = await timeCases([{ label: "'%a%a…%b' on an 8,000-char value", run: () => redos(tag) }], {
    samples: 31,
  });
  report({ name: 'filter', results: [...results, repro!], ratios });
}
