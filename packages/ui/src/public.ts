// The surface shared by index.node.ts and index.browser.ts.
export type {
  ExportStaticUiOptions,
  UiAssetSource,
  UiDataOptions,
  UiDriftEntry,
  UiHandlerOptions,
  UiProfiles,
} from './options.ts';
export type { StaticUiSummary } from './static-export.node.ts';
