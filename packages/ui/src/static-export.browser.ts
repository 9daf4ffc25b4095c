import { uiErrors } from './errors.ts';
import type { ExportStaticUiOptions } from './options.ts';
import type { StaticUiSummary } from './static-export.node.ts';

export type { StaticUiSummary } from './static-export.node.ts';

/**
 * Writes the UI as static files (Node only: it writes a directory).
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME` outside Node.
 */
export async function exportStaticUi(_options: ExportStaticUiOptions): Promise<StaticUiSummary> {
  throw uiErrors.error(
    'PLINTH_UNSUPPORTED_RUNTIME',
    'exportStaticUi writes files and runs in Node only; run it there (plinth export-static <dir>)',
  );
}
