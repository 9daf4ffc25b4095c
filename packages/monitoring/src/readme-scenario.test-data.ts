// The README example's tables, shared by the README test (Node) and the Chromium test of the same scenario.

/**
 * Reference (5,000 rows) and current (2,000 rows, ages shifted by 15, and one age entered in months) tables of
 * the README example.
 */
export function readmeTables() {
  const reference = {
    age: Float64Array.from({ length: 5000 }, (_, i) => 30 + (i % 40)),
    plan: Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 'pro' : 'free')),
  };
  const current = {
    age: Float64Array.from({ length: 2000 }, (_, i) => (i === 7 ? 540 : 45 + (i % 40))),
    plan: Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'pro' : 'free')),
  };
  return { reference, current };
}
