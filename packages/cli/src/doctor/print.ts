import type { CliContext } from '../context.ts';
import { renderTable } from '../output/table.ts';
import type { DoctorReport } from './findings.ts';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Prints a doctor report for people: what was checked, then a table of problems. */
export function printReport(context: CliContext, report: DoctorReport): void {
  const { checked } = report;
  context.print(
    `checked ${report.dir}: ${plural(checked.experiments, 'experiment')}, ${plural(checked.runs, 'run')}, ` +
      `${plural(checked.metrics, 'metric')}, ${plural(checked.models, 'model')}, ${plural(checked.versions, 'version')}, ` +
      `${plural(checked.blobs, 'blob')}, ${plural(checked.profiles, 'profile')}\n`,
  );
  const color = context.color;
  if (report.ok) {
    context.print(`${color.green('no problems found')}\n`);
    return;
  }
  context.print(
    renderTable(
      ['severity', 'problem', 'key', 'detail'],
      report.problems.map((problem) => [problem.severity, problem.kind, problem.key, problem.message]),
      {
        palette: color,
        maxCellWidth: 0,
        styleCell: (row, column, text) =>
          column === 0
            ? report.problems[row]!.severity === 'error'
              ? color.red(text)
              : color.yellow(text)
            : text,
      },
    ),
  );
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  context.print(
    `${plural(report.problems.length, 'problem')} (${plural(errors, 'error')}, ${plural(report.problems.length - errors, 'warning')})\n`,
  );
}
