import { type RowReader, rowReader } from './row-reader.ts';

/** Readers made for frozen feature lists (as `getOnlineFeatures` passes them), by requested list, then view list. */
const readers = new WeakMap<readonly string[], WeakMap<readonly string[], RowReader>>();

/** The row reader for `features` of a view with `viewFeatures`: made once for frozen lists, else per call. */
export function rowReaderFor(features: readonly string[], viewFeatures: readonly string[]): RowReader {
  if (!Object.isFrozen(features) || !Object.isFrozen(viewFeatures)) return rowReader(features, viewFeatures);
  let byView = readers.get(features);
  if (byView === undefined) {
    byView = new WeakMap();
    readers.set(features, byView);
  }
  let reader = byView.get(viewFeatures);
  if (reader === undefined) {
    reader = rowReader(features, viewFeatures);
    byView.set(viewFeatures, reader);
  }
  return reader;
}
