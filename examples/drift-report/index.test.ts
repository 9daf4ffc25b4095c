import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExample } from '../run-example.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-drift-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/drift-report', () => {
  it('flags the windows after the shift, and only those, and writes a self-contained report', async () => {
    const out = await runExample('drift-report/index.ts', { PLINTH_DIR: dir });
    const lines = out.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'window 1: 0 of 5 columns drifted',
      'window 2: 0 of 5 columns drifted',
      'window 3: 0 of 5 columns drifted',
    ]);
    for (const line of lines.slice(3, 6))
      expect(line).toMatch(/^window [456]: [345] of 5 columns drifted \(dataset drift\)$/);
    const file = path.join(dir, 'reports', 'drift-example.html');
    expect(lines[6]).toBe(`first drifted window: 4; report: file://${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/Drift in [345] of 5 columns/);
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/(?!www\.w3\.org)/);
  }, 180_000);
});
