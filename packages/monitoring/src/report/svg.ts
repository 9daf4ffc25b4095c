import type { DriftHistogram } from '../drift/types.ts';

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Compact number formatting for labels. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

const WIDTH = 240;
const HEIGHT = 110;
const PLOT_TOP = 8;
const PLOT_BOTTOM = 86;

/**
 * One histogram as an inline SVG: a bar per bin (shares), on a vertical scale shared with its partner, with
 * the first and last edge (or category) labelled and a tooltip per bar.
 */
export function histogramSvg(
  histogram: DriftHistogram,
  side: 'reference' | 'current',
  scaleMax: number,
): string {
  const shares = histogram[side];
  const labels =
    histogram.kind === 'numeric'
      ? shares.map(
          (_, index) =>
            `[${formatNumber(histogram.edges[index])}, ${formatNumber(histogram.edges[index + 1])})`,
        )
      : histogram.categories;
  const count = Math.max(shares.length, 1);
  const gap = count > 30 ? 0 : 1;
  const barWidth = (WIDTH - 8) / count;
  const plotHeight = PLOT_BOTTOM - PLOT_TOP;
  const bars = shares
    .map((share, index) => {
      const height = scaleMax > 0 ? Math.max(share > 0 ? 1 : 0, (share / scaleMax) * plotHeight) : 0;
      const x = 4 + index * barWidth;
      const label = `${labels[index] ?? ''}: ${(share * 100).toFixed(1)}%`;
      return `<rect class="bar" x="${x.toFixed(2)}" y="${(PLOT_BOTTOM - height).toFixed(2)}" width="${Math.max(barWidth - gap, 0.5).toFixed(2)}" height="${height.toFixed(2)}"><title>${escapeHtml(label)}</title></rect>`;
    })
    .join('');
  const first =
    histogram.kind === 'numeric' ? formatNumber(histogram.edges[0]) : (histogram.categories[0] ?? '');
  const last =
    histogram.kind === 'numeric'
      ? formatNumber(histogram.edges[histogram.edges.length - 1])
      : (histogram.categories[histogram.categories.length - 1] ?? '');
  const clip = (text: string) => (text.length > 14 ? `${text.slice(0, 13)}…` : text);
  return `<svg class="chart chart-${side}" role="img" aria-label="${side} distribution" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg"><line class="axis" x1="2" x2="${WIDTH - 2}" y1="${PLOT_BOTTOM + 0.5}" y2="${PLOT_BOTTOM + 0.5}"/>${bars}<text class="tick" x="4" y="${HEIGHT - 6}">${escapeHtml(clip(first))}</text><text class="tick" x="${WIDTH - 4}" y="${HEIGHT - 6}" text-anchor="end">${escapeHtml(clip(last))}</text></svg>`;
}
