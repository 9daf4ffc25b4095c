import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plinth, type Seeded, seedStore, tempDir } from './helpers.ts';

interface RunJson {
  id: string;
  name: string;
  status: string;
  experimentName: string;
  params: Record<string, string>;
  metrics: Record<string, { value: number }>;
  tags: Record<string, string>;
}

describe('plinth runs', () => {
  let seeded: Seeded;
  let remove: () => Promise<void>;
  const runs = (args: string[]) => plinth(['runs', ...args, '--dir', seeded.dir]);
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    seeded = await seedStore(temp.dir);
  });
  afterAll(() => remove());

  it('search --json: every active run, newest first, own-key maps intact (__proto__ is a param)', async () => {
    const result = await runs(['search', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { runs: RunJson[]; nextPageToken?: string };
    const { a, b, c, running, evil } = seeded.runs;
    expect(parsed.runs.map((run) => run.id)).toEqual([evil, running, c, b, a]);
    expect(parsed.nextPageToken).toBeUndefined();
    const evilRun = parsed.runs[0]!;
    expect(Object.hasOwn(evilRun.params, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(evilRun.params, '__proto__')?.value).toBe('proto-param');
    expect(evilRun.params.huge).toHaveLength(6000);
    expect(Object.hasOwn(evilRun.metrics, '__proto__')).toBe(true);
    expect(evilRun).toMatchObject({ name: '<script>alert(1)</script>', experimentName: 'evil' });
    expect(parsed.runs.find((run) => run.id === running)!.status).toBe('running');
  });

  it('search --filter / --order-by / --experiment pick the runs a hand count says', async () => {
    // accuracy: a 0.8, b 0.9, c 0.85 → above 0.82: b, c; by accuracy descending: b, c
    const result = await runs([
      'search',
      '--filter',
      "metrics.accuracy > 0.82 and params.model = 'logreg'",
      '--order-by',
      'metrics.accuracy DESC',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const ids = (JSON.parse(result.stdout) as { runs: RunJson[] }).runs.map((run) => run.id);
    expect(ids).toEqual([seeded.runs.b, seeded.runs.c]);
    const ascending = await runs([
      'search',
      '-e',
      'fraud',
      '-o',
      'params.lr ASC',
      '-o',
      'start_time',
      '--json',
    ]);
    const names = (JSON.parse(ascending.stdout) as { runs: RunJson[] }).runs.map((run) => run.name);
    // lr as strings: "0.1" < "0.5" < "1" < "2" (params compare as strings, as in MLflow)
    expect(names).toEqual(['lr-0.1', 'lr-0.5', 'lr-1.0', 'abandoned']);
    const evil = await runs(['search', '--experiment', 'evil', '--json']);
    expect((JSON.parse(evil.stdout) as { runs: RunJson[] }).runs.map((run) => run.id)).toEqual([
      seeded.runs.evil,
    ]);
  });

  it('search pages: --max-results 2 gives a token, --page-token the next page, --all everything', async () => {
    const first = JSON.parse((await runs(['search', '-n', '2', '--json'])).stdout) as {
      runs: RunJson[];
      nextPageToken: string;
    };
    expect(first.runs).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = JSON.parse(
      (await runs(['search', '-n', '2', '--page-token', first.nextPageToken, '--json'])).stdout,
    ) as {
      runs: RunJson[];
    };
    expect(second.runs.map((run) => run.id)).toEqual([seeded.runs.c, seeded.runs.b]);
    const all = JSON.parse((await runs(['search', '-n', '2', '--all', '--json'])).stdout) as {
      runs: RunJson[];
    };
    expect(all.runs).toHaveLength(5);
  });

  it('search --csv: RFC 4180 with attributes, metrics.*, params.*, tags.* columns', async () => {
    const result = await runs([
      'search',
      '--experiment',
      'fraud',
      '--filter',
      "attributes.status = 'finished'",
      '--csv',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'run_id,experiment_id,experiment,name,status,lifecycle,user,start_time,end_time,metrics.accuracy,metrics.loss,params.epochs,params.lr,params.model,tags.mlflow.runName,tags.team',
    );
    expect(lines).toHaveLength(5);
    const b = lines.find((line) => line.startsWith(seeded.runs.b))!.split(',');
    expect(b.slice(3, 7)).toEqual(['lr-0.5', 'finished', 'active', '']);
    expect(b.slice(9)).toEqual(['0.9', '0.2', '10', '0.5', 'logreg', 'lr-0.5', 'risk']);
    expect(b[7]).toBe('2026-01-01T00:00:10.000Z');
  });

  it('search as a table: control characters in user data are shown escaped, never sent to the terminal', async () => {
    const result = await runs([
      'search',
      '-e',
      'evil',
      '--columns',
      'name,tags.note,tags.__proto__,params.__proto__',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('\\u{1b}[31mred\\u{1b}[0m');
    expect(result.stdout).toMatch(/<script>alert\(1\)<\/script>\s+\S+\s+x\s+proto-param/);
    expect(result.stderr).toBe('1 run\n');
  });

  it('search rejects bad input with exit 2 and one bounded line: bad filter, huge filter, unknown column, --json with --csv', async () => {
    const filter = await runs(['search', '--filter', 'metrics.accuracy >>> 1']);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toMatch(/^plinth: error: .*PLINTH_VALIDATION\)\n$/);
    const huge = await runs(['search', '--filter', `params.x = '${'a'.repeat(100_000)}'`]);
    expect(huge.code).toBe(2);
    expect(huge.stderr.length).toBeLessThan(5000);
    expect(huge.stderr.split('\n')).toHaveLength(2);
    const column = await runs(['search', '--columns', 'name,bogus']);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('unknown column "bogus"');
    const both = await runs(['search', '--json', '--csv']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--json' cannot be used with option '--csv'");
    const experiment = await runs(['search', '--experiment', '__proto__']);
    expect(experiment.code).toBe(1);
    expect(experiment.stderr).toContain('PLINTH_NOT_FOUND');
  });

  it('compare shows only what differs, with values a hand count gives', async () => {
    const { a, b, c } = seeded.runs;
    const result = await runs(['compare', a, b, c, '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      runs: { id: string }[];
      fields: { field: string; differs: boolean; values: unknown[] }[];
    };
    expect(parsed.runs.map((run) => run.id)).toEqual([a, b, c]);
    const fields = Object.fromEntries(parsed.fields.map((field) => [field.field, field.values]));
    expect(Object.keys(fields).sort()).toEqual(
      ['duration', 'metrics.accuracy', 'metrics.loss', 'name', 'params.lr', 'start_time'].sort(),
    );
    expect(fields['params.lr']).toEqual(['0.1', '0.5', '1']);
    expect(fields['metrics.accuracy']).toEqual([0.8, 0.9, 0.85]);
    expect(fields['metrics.loss']).toEqual([0.3, 0.2, 0.25]);
    const all = JSON.parse((await runs(['compare', a, b, '--all', '--json'])).stdout) as {
      fields: { field: string; differs: boolean; values: unknown[] }[];
    };
    expect(all.fields.find((field) => field.field === 'params.model')).toEqual({
      field: 'params.model',
      differs: false,
      values: ['logreg', 'logreg'],
    });
    const table = await runs(['compare', a, b]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^params\.lr\s+0\.1\s+0\.5$/m);
    expect(table.stdout).not.toMatch(/^params\.model/m);
    expect(table.stderr).toMatch(/identical fields hidden/);
  });

  it('compare refuses bad ids: one id or a duplicate exit 2, traversal exits 2, an unknown run (__proto__ too) exits 1', async () => {
    const { a } = seeded.runs;
    expect((await runs(['compare', a])).code).toBe(2);
    const duplicate = await runs(['compare', a, a]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('is given twice');
    const traversal = await runs(['compare', a, '../../../etc/passwd']);
    expect(traversal.code).toBe(2);
    const proto = await runs(['compare', a, '__proto__']);
    expect(proto.code).toBe(1);
    expect(proto.stderr).toContain('run "__proto__" does not exist');
    const unknown = await runs(['compare', a, '01900000-0000-7000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('PLINTH_NOT_FOUND');
  });
});
