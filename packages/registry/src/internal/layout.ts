/**
 * Storage keys of the storage backend. Every read of a resolved reference is a `get` of a known key, so a
 * static export served over HTTP works without listing.
 */
export const layout = {
  modelsPrefix: 'models/',
  model: (name: string) => `models/${name}.json`,
  counter: (name: string) => `counters/${name}.json`,
  versionsPrefix: (name: string) => `versions/${name}/`,
  version: (name: string, version: number) => `versions/${name}/${String(version).padStart(10, '0')}.json`,
  eventsPrefix: (name: string) => `events/${name}/`,
  event: (name: string, id: string) => `events/${name}/${id}.json`,
  blob: (key: string) => `blobs/${key}`,
};

/** The model name in a `models/<name>.json` key, or `undefined` for other keys. */
export function modelNameOfKey(key: string): string | undefined {
  if (!key.startsWith(layout.modelsPrefix) || !key.endsWith('.json')) return undefined;
  const name = key.slice(layout.modelsPrefix.length, -'.json'.length);
  return name.includes('/') ? undefined : name;
}

/** The version number in a `versions/<name>/<10 digits>.json` key, or `undefined`. */
export function versionOfKey(key: string): number | undefined {
  const match = /\/(\d{10})\.json$/.exec(key);
  return match ? Number(match[1]) : undefined;
}
