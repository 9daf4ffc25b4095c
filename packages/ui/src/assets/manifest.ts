/** The page's own client files, in `packages/ui/assets/`. */
export const CLIENT_FILES = [
  'app.js',
  'app.css',
  'data.js',
  'dom.js',
  'charts.js',
  'filter.js',
  'pages-runs.js',
  'pages-run.js',
  'pages-compare.js',
  'pages-registry.js',
  'pages-drift.js',
] as const;

/** uPlot's files, served under these names from the `uplot` package's `dist/`. */
export const UPLOT_FILES: Record<string, string> = {
  'uPlot.iife.min.js': 'uplot/dist/uPlot.iife.min.js',
  'uPlot.min.css': 'uplot/dist/uPlot.min.css',
};

/** Every asset name the handler serves. */
export const ASSET_NAMES: readonly string[] = [...CLIENT_FILES, ...Object.keys(UPLOT_FILES)];

/** Content type of an asset by its extension. */
export function assetContentType(name: string): string {
  if (name.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (name.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}
