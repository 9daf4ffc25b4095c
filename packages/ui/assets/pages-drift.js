// Drift: stored reference profiles and drift results, each shown as @plinth/monitoring's HTML report in a
// sandboxed frame (no script can run in it).
import * as data from './data.js';
import { formatNumber, h, link, mount, section, table } from './dom.js';

export async function driftPage(selected) {
  if (!(await data.config()).drift) {
    mount(
      h('h1', null, 'Drift'),
      h('p', { class: 'muted' }, 'This UI was started without profiles or drift results.'),
    );
    return;
  }
  const { profiles, results } = await data.drift();
  const chosen =
    selected === undefined ? undefined : results.find((result) => String(result.index) === String(selected));
  mount(
    h('h1', null, 'Drift'),
    section(
      'Drift results',
      results.length
        ? table(
            ['result', 'verdict', 'drifted columns', 'rows (reference / current)'],
            results.map((result) => [
              link(result.name, 'drift', result.index),
              h(
                'span',
                { class: result.datasetDrift ? 'badge drift' : 'badge ok' },
                result.datasetDrift ? 'dataset drift' : 'no dataset drift',
              ),
              `${result.driftedCount} of ${result.columnCount}${result.drifted.length ? `: ${result.drifted.join(', ')}` : ''}`,
              `${result.referenceRows} / ${result.currentRows}`,
            ]),
            { id: 'drift-results' },
          )
        : h('p', { class: 'muted' }, 'none'),
    ),
    chosen
      ? section(
          `Report: ${chosen.name}`,
          h('iframe', {
            src: data.driftReportUrl(chosen.index),
            sandbox: '',
            class: 'report',
            id: 'drift-report',
            title: 'drift report',
          }),
        )
      : null,
    section(
      'Reference profiles',
      profiles.length
        ? profiles.map((profile) =>
            h(
              'div',
              { class: 'profile' },
              h('h3', null, `${profile.name} (${profile.rowCount} rows)`),
              table(
                ['column', 'kind', 'count', 'missing', 'min', 'max', 'mean', 'std / top'],
                profile.columns.map((column) =>
                  column.kind === 'numeric'
                    ? [
                        column.name,
                        column.kind,
                        String(column.count),
                        String(column.missing),
                        formatNumber(column.min),
                        formatNumber(column.max),
                        formatNumber(column.mean),
                        formatNumber(column.std),
                      ]
                    : [
                        column.name,
                        column.kind,
                        String(column.count),
                        String(column.missing),
                        '',
                        '',
                        '',
                        column.top.map(([label, count]) => `${label} (${count})`).join(', '),
                      ],
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'none'),
    ),
  );
}
