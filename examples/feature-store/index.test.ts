import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExample } from '../run-example.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-feature-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** The point-in-time answer computed by brute force from the generating formulas (no DuckDB). */
function expected(order: number): { spend: number; orders: number } | null {
  const customer = (order * 7) % 100;
  const time = T0 + order * 43 * 60_000;
  for (let day = 29; day >= 0; day--) {
    if (customer === 7 && day > 9) continue;
    const event = T0 + day * DAY;
    if (event > time) continue;
    if (event < time - 2 * DAY) return null;
    const i = day * 100 + customer;
    return { spend: ((i * 37) % 1000) / 10, orders: (i * 13) % 20 };
  }
  return null;
}

describe('examples/feature-store', () => {
  it('joins point in time, honours the ttl, materializes and looks up online (twice)', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const out = await runExample('feature-store/index.ts', { PLINTH_DIR: dir });
      const lines = out.trimEnd().split('\n');
      for (let order = 0; order < 3; order++) {
        const want = expected(order)!;
        expect(lines[order]).toContain(`order ${order} customer ${(order * 7) % 100} `);
        expect(lines[order]).toMatch(new RegExp(`spend_7d ${want.spend} orders_30d ${want.orders}$`));
      }
      const missing = Array.from({ length: 1000 }, (_, order) => expected(order)).filter(
        (row) => row === null,
      ).length;
      expect(lines[3]).toBe(
        `training set: 1000 rows, ${missing} without features (before the first stats, or past the 2-day ttl)`,
      );
      expect(lines[4]).toBe('materialized 100 customers');
      // Customer 42's latest row is day 29 (i = 2942); customer 7's (day 9) is older than the ttl at day 30.
      expect(lines[5]).toBe(
        `online spend_7d: [ ${((2942 * 37) % 1000) / 10}, null, null ] [ 'present', 'outside_max_age', 'not_found' ]`,
      );
    }
  }, 180_000);
});
