/**
 * @plinth/ui: an embeddable web UI for Plinth (runs, charts, comparisons, the registry and drift) as a
 * Fetch-API handler, or written out as static files. This is the Node entry: the page's client files are read
 * from the package directory.
 *
 * @packageDocumentation
 */
import { packageAssets } from './assets/files.node.ts';
import { makeUiHandler } from './http/handler.ts';
import type { UiHandlerOptions } from './options.ts';

export * from './public.ts';
export { exportStaticUi } from './static-export.node.ts';

/**
 * A Fetch-API handler serving the UI: the page, its scripts (uPlot included, no CDN) and a JSON API over the
 * tracker, the registry and the drift results. Read-only unless `write: true`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options.
 * @example
 * ```ts
 * const handler = createUiHandler({ tracker, registry, basePath: '/plinth' });
 * const response = await handler(new Request('http://localhost/plinth/'));
 * ```
 */
export function createUiHandler(options: UiHandlerOptions): (request: Request) => Promise<Response> {
  return makeUiHandler(options, packageAssets);
}
