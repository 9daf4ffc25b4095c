import type { CliCommand } from './command.ts';
import { doctorCommand } from './doctor.ts';
import { driftCommand } from './drift.ts';
import { exportStaticCommand } from './export-static.ts';
import { modelsCommand } from './models.ts';
import { runsCommand } from './runs.ts';
import { syncCommand } from './sync.ts';
import { uiCommand } from './ui.ts';

/**
 * Every `plinth` command, in the order `plinth --help` lists them. A new command is one file in this folder
 * exporting a {@link CliCommand}, plus one line here.
 */
export const commands: readonly CliCommand[] = [
  uiCommand,
  runsCommand,
  modelsCommand,
  exportStaticCommand,
  driftCommand,
  syncCommand,
  doctorCommand,
];
