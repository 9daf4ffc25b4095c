/** The report's inline stylesheet. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #e3e7ee; --ref: #5b7fb9; --cur: #e0823d;
  --bad: #c0392b; --good: #2e7d4f; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.plinth-report { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header { margin-bottom: 18px; }
.eyebrow { color: var(--muted); font-size: 12px; letter-spacing: .04em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 28px; }
h1.bad { color: var(--bad); } h1.good { color: var(--good); }
h2 { font-size: 16px; margin: 0 0 8px; }
.summary { margin: 0 0 10px; color: var(--muted); }
.legend { font-size: 12px; color: var(--muted); display: flex; gap: 6px; align-items: center; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-left: 8px; }
.swatch.reference { background: var(--ref); } .swatch.current { background: var(--cur); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; padding: 10px 12px; background: #fafbfc; border-bottom: 1px solid var(--line); }
td { padding: 10px 12px; border-bottom: 1px solid var(--line); vertical-align: middle; }
tr.drifted td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
.name strong { font-size: 15px; } .type { color: var(--muted); font-size: 12px; }
.note { color: var(--muted); font-size: 11px; margin-top: 4px; max-width: 200px; }
.charts { display: flex; gap: 12px; }
figure { margin: 0; } figcaption { font-size: 11px; color: var(--muted); margin-bottom: 2px; }
svg.chart { display: block; background: #fcfcfd; border: 1px solid #eef0f4; border-radius: 4px; }
svg.chart-reference .bar { fill: var(--ref); } svg.chart-current .bar { fill: var(--cur); }
svg .axis { stroke: #c9ced8; stroke-width: 1; } svg .tick { font-size: 10px; fill: var(--muted); }
.test { font-size: 13px; } .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.badge-drift { background: #fdecea; color: var(--bad); } .badge-ok { background: #e8f5ee; color: var(--good); }
.badge-error { background: #f1f2f5; color: var(--muted); }
.error { color: var(--muted); font-style: italic; max-width: 480px; }
.validation { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 18px; }
.validation.failed { border-left: 4px solid var(--bad); } .validation.ok { border-left: 4px solid var(--good); }
.validation p { margin: 0; color: var(--muted); }
table.failures { border: none; } table.failures td { font-size: 13px; padding: 6px 10px; }
`;
