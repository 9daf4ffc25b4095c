import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixture.test-data.ts';
import { renderDriftReport } from './render.ts';

describe('renderDriftReport', () => {
  const { result, validation } = sampleReport();
  const html = renderDriftReport(result, { validation, generatedAt: new Date('2026-01-02T03:04:05Z') });

  it('is one self-contained page: inline CSS and SVG, no scripts, no external references', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('leads with "Drift in k of n columns" and lists columns most severe first, with test, score, threshold, verdict', () => {
    expect(html).toContain(`Drift in ${result.driftedCount} of ${result.columnCount} columns`);
    const order = [...html.matchAll(/data-column="([^"]+)"/g)].map((match) => match[1]);
    expect(order).toEqual(result.columns.map((column) => column.column));
    const severities = result.columns.map((column) => column.severity);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    for (const column of result.columns.filter((c) => c.histogram)) {
      const bars = column.histogram!.reference.length;
      const row = html.slice(html.indexOf(`data-column="${column.column}"`));
      const rowEnd = row.indexOf('</tr>');
      expect((row.slice(0, rowEnd).match(/class="bar"/g) ?? []).length).toBe(2 * bars);
    }
    expect(html).toContain('badge-drift');
    expect(html).toContain('not tested');
  });

  it('shows the validation result and escapes column names', () => {
    expect(validation.failures.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain(
      `Data quality: ${validation.failures.length} of ${validation.checked} expectations failed`,
    );
    for (const failure of validation.failures)
      expect(html).toContain(`<td>${failure.column}</td><td>${failure.expectation}</td>`);
    const escaped = renderDriftReport({
      ...result.toJSON(),
      columns: [{ ...result.columns[0]!, column: '<b>&"x' }],
    });
    expect(escaped).toContain('&#60;b&#62;&#38;&#34;x');
    expect(escaped).not.toContain('<b>&"x');
  });

  it('renders from toJSON output as from the result itself', () => {
    const fromJson = renderDriftReport(JSON.parse(JSON.stringify(result)), {
      validation,
      generatedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(fromJson).toBe(html);
  });
});
