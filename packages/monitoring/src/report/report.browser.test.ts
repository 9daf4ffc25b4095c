import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { sampleReport } from './fixture.test-data.ts';
import { renderDriftReport } from './render.ts';

describe('drift report in Chromium', () => {
  it('renders every column chart with visible bars, and screenshots it', async () => {
    const { result, validation } = sampleReport();
    const html = renderDriftReport(result, { validation, generatedAt: new Date('2026-01-02T03:04:05Z') });
    const frame = document.createElement('iframe');
    frame.style.width = '1240px';
    frame.style.height = '1500px';
    frame.style.border = '0';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = html;
    document.body.style.margin = '0';
    document.body.appendChild(frame);
    await loaded;
    const doc = frame.contentDocument!;
    expect(doc.querySelector('h1')!.textContent).toBe(
      `Drift in ${result.driftedCount} of ${result.columnCount} columns`,
    );
    const rows = [...doc.querySelectorAll('tr.column-row')];
    expect(rows.map((row) => row.getAttribute('data-column'))).toEqual(
      result.columns.map((column) => column.column),
    );
    for (const column of result.columns) {
      const row = rows.find((candidate) => candidate.getAttribute('data-column') === column.column)!;
      if (!column.histogram) {
        expect(row.querySelector('.error')!.textContent).toContain('no usable values');
        continue;
      }
      for (const side of ['reference', 'current'] as const) {
        const svg = row.querySelector(`svg.chart-${side}`)!;
        const box = svg.getBoundingClientRect();
        expect(box.width).toBeGreaterThan(100);
        expect(box.height).toBeGreaterThan(50);
        const bars = [...svg.querySelectorAll('rect.bar')];
        expect(bars).toHaveLength(column.histogram[side].length);
        const visible = bars.filter((bar) => bar.getBoundingClientRect().height > 0);
        expect(visible.length).toBe(column.histogram[side].filter((share) => share > 0).length);
        expect(getComputedStyle(bars[0]!).fill).not.toBe('none');
      }
    }
    await page.viewport(1240, 1500);
    const shot = await page.screenshot({ element: frame, save: false });
    const bytes = atob(shot);
    expect(bytes.slice(1, 4)).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(20_000);
  });
});
