import type { ColumnDrift, DriftResult, DriftResultData } from '../drift/types.ts';
import { checkOptions, describe, errors, invalid } from '../errors.ts';
import type { ValidationResult } from '../quality/expectations.ts';
import { driftResultSchema, validationResultSchema } from './result-schemas.ts';
import { REPORT_CSS } from './style.ts';
import { escapeHtml, formatNumber, histogramSvg } from './svg.ts';

/** Options of {@link renderDriftReport}. */
export interface DriftReportOptions {
  /** Page title. @default 'Drift report' */
  title?: string;
  /** A data-quality result to show above the columns. */
  validation?: ValidationResult;
  /** When the report was made (shown in the header). @default now */
  generatedAt?: Date;
}

const TEST_NAMES: Record<string, string> = {
  ks: 'Kolmogorov–Smirnov p-value',
  wasserstein: 'Wasserstein (normed)',
  psi: 'PSI',
  jensenshannon: 'Jensen–Shannon distance',
  chisquare: 'chi-square p-value',
  z: 'Z-test p-value',
};

function verdict(column: ColumnDrift): string {
  if (column.error !== undefined) return '<span class="badge badge-error">not tested</span>';
  return column.drifted
    ? '<span class="badge badge-drift">drift</span>'
    : '<span class="badge badge-ok">no drift</span>';
}

function missingNote(column: ColumnDrift): string {
  const parts: string[] = [];
  for (const side of ['reference', 'current'] as const) {
    const removed = column[side];
    if (removed.nanShare > 0) {
      const detail = [
        removed.nulls && `${removed.nulls} null`,
        removed.nan && `${removed.nan} NaN`,
        removed.positiveInfinity + removed.negativeInfinity &&
          `${removed.positiveInfinity + removed.negativeInfinity} ±∞`,
      ]
        .filter(Boolean)
        .join(', ');
      parts.push(`${side}: ${(removed.nanShare * 100).toFixed(1)}% removed (${detail})`);
    }
  }
  return parts.length ? `<div class="note">${escapeHtml(parts.join('; '))}</div>` : '';
}

function columnRow(column: ColumnDrift): string {
  const charts = column.histogram
    ? (() => {
        const histogram = column.histogram;
        const scale = Math.max(...histogram.reference, ...histogram.current, 0);
        return `<div class="charts"><figure><figcaption>reference</figcaption>${histogramSvg(histogram, 'reference', scale)}</figure><figure><figcaption>current</figcaption>${histogramSvg(histogram, 'current', scale)}</figure></div>`;
      })()
    : `<div class="error">${escapeHtml(column.error ?? 'no data')}</div>`;
  const test = column.test ? (TEST_NAMES[column.test] ?? column.test) : '—';
  const comparison = column.test === 'ks' || column.test === 'chisquare' || column.test === 'z' ? '<' : '≥';
  return `<tr class="column-row${column.drifted ? ' drifted' : ''}" data-column="${escapeHtml(column.column)}">
<td class="name"><strong>${escapeHtml(column.column)}</strong><div class="type">${column.type}</div>${missingNote(column)}</td>
<td>${charts}</td>
<td class="test">${escapeHtml(test)}</td>
<td class="num">${formatNumber(column.score)}</td>
<td class="num">${column.threshold === null ? '—' : `${comparison} ${formatNumber(column.threshold)}`}</td>
<td>${verdict(column)}</td>
</tr>`;
}

/** An expected or observed value: integers in full, other numbers to 4 digits (exact values stay in `toJSON`). */
function formatValue(value: unknown): string {
  if (typeof value !== 'number') {
    try {
      return (
        JSON.stringify(value, (_, item) => (typeof item === 'bigint' ? String(item) : item)) ?? String(value)
      );
    } catch {
      return describe(value);
    }
  }
  return Number.isInteger(value) ? String(value) : formatNumber(value);
}

function validationSection(validation: ValidationResult): string {
  if (validation.success) {
    return `<section class="validation ok"><h2>Data quality</h2><p>All ${validation.checked} expectations passed on ${validation.rowCount} rows.</p></section>`;
  }
  const rows = validation.failures
    .map(
      (failure) =>
        `<tr><td>${escapeHtml(failure.column ?? '(table)')}</td><td>${escapeHtml(failure.expectation)}</td><td>${escapeHtml(formatValue(failure.expected))}</td><td>${escapeHtml(formatValue(failure.observed))}</td></tr>`,
    )
    .join('');
  return `<section class="validation failed"><h2>Data quality: ${validation.failures.length} of ${validation.checked} expectations failed</h2><table class="failures"><thead><tr><th>column</th><th>expectation</th><th>expected</th><th>observed</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/**
 * Renders a drift result as one self-contained HTML page (inline CSS and SVG, no scripts, no network): a
 * headline "Drift in k of n columns", the data-quality result when given, then a row per column (most severe
 * first) with reference and current histograms side by side, the test, score, threshold and verdict.
 *
 * @example
 * ```ts
 * const html = renderDriftReport(detectDrift(reference, current), { validation: validateData(current, expectations) });
 * ```
 */
export function renderDriftReport(
  result: DriftResult | DriftResultData,
  input: DriftReportOptions = {},
): string {
  errors.parse(driftResultSchema(), result, 'renderDriftReport result');
  const options = checkOptions(input, ['title', 'validation', 'generatedAt'], 'renderDriftReport options');
  if (options.title !== undefined && (typeof options.title !== 'string' || options.title.length > 1000)) {
    throw invalid(
      `renderDriftReport title must be a string of at most 1000 characters, got ${describe(options.title)}`,
      {
        argument: 'title',
      },
    );
  }
  if (options.validation !== undefined) {
    errors.parse(validationResultSchema(), options.validation, 'renderDriftReport validation');
  }
  if (
    options.generatedAt !== undefined &&
    !(options.generatedAt instanceof Date && Number.isFinite(options.generatedAt.getTime()))
  ) {
    throw invalid(
      `renderDriftReport generatedAt must be a valid Date, got ${describe(options.generatedAt)}`,
      {
        argument: 'generatedAt',
      },
    );
  }
  const title = options.title ?? 'Drift report';
  const generatedAt = (options.generatedAt ?? new Date()).toISOString().replace('T', ' ').slice(0, 19);
  const headline = `Drift in ${result.driftedCount} of ${result.columnCount} columns`;
  const untested = result.columns.length - result.columnCount;
  const summary = `${result.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}: ${(result.driftedShare * 100).toFixed(0)}% of columns drifted (threshold ${(result.driftShareThreshold * 100).toFixed(0)}%). Reference ${result.referenceSource === 'profile' ? 'profile' : 'table'} of ${result.referenceRows.toLocaleString('en-US')} rows, current ${result.currentRows.toLocaleString('en-US')} rows${untested ? `; ${untested} column${untested > 1 ? 's' : ''} not tested` : ''}.`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>
<body><main class="plinth-report">
<header><div class="eyebrow">${escapeHtml(title)} · ${escapeHtml(generatedAt)} UTC</div>
<h1 class="${result.datasetDrift ? 'bad' : 'good'}">${headline}</h1><p class="summary">${escapeHtml(summary)}</p>
<div class="legend"><span class="swatch reference"></span>reference <span class="swatch current"></span>current</div></header>
${options.validation ? validationSection(options.validation) : ''}
<table class="columns"><thead><tr><th>column</th><th>distribution</th><th>test</th><th>score</th><th>threshold</th><th>verdict</th></tr></thead>
<tbody>${result.columns.map(columnRow).join('\n')}</tbody></table>
</main></body></html>`;
}
