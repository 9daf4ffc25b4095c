/**
 * @plinth/ui for runtimes without a file system (browsers, edge workers): the same handler, with the page's
 * client files from the `assets` option (there is no default here). `exportStaticUi` is Node only.
 *
 * @packageDocumentation
 */
import { makeUiHandler } from './http/handler.ts';
import type { UiHandlerOptions } from './options.ts';

export * from './public.ts';
export { exportStaticUi } from './static-export.browser.ts';

/**
 * A Fetch-API handler serving the UI and its JSON API. Without `assets` the page's scripts answer 404 here;
 * pass an asset source (or serve a static export) on an edge runtime.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options.
 * @example
 * ```ts
 * const handler = createUiHandler({ tracker, assets: (name) => env.ASSETS.get(name) });
 * ```
 */
export function createUiHandler(options: UiHandlerOptions): (request: Request) => Promise<Response> {
  return makeUiHandler(options, undefined);
}
