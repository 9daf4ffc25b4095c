import type { DriftResult, DriftResultData, ProfileStore, ValidationResult } from '@plinth/monitoring';
import type { Registry } from '@plinth/registry';
import type { Tracker } from '@plinth/tracking';
import { uiErrors } from './errors.ts';

/** One stored drift result the drift page shows, with the monitoring package's report. */
export interface UiDriftEntry {
  /** Name shown in the list (unique within the list), 1–256 characters. */
  name: string;
  /** A `detectDrift` result or its JSON form (`result.toJSON()`). */
  result: DriftResult | DriftResultData;
  /** A `validateData` result shown above the columns. */
  validation?: ValidationResult;
  /** When the result was computed (shown in the report). */
  generatedAt?: Date | number;
}

/**
 * What the drift page shows: the reference profiles of a `ProfileStore` (column summaries) and drift results
 * (each rendered with `renderDriftReport`). A bare `ProfileStore` is accepted as `{ store }`.
 */
export interface UiProfiles {
  /** Stored reference profiles, listed with their columns. */
  store?: ProfileStore;
  /** Drift results, as a list or a function that loads them when the page asks. */
  results?: UiDriftEntry[] | (() => Promise<UiDriftEntry[]>);
}

/** A source of the page's client files (`app.js`, `uPlot.iife.min.js`, …) by file name. */
export type UiAssetSource = (name: string) => Promise<Uint8Array | string | undefined>;

/** Options of `createUiHandler` and `exportStaticUi`. */
export interface UiDataOptions {
  /** The tracker whose experiments and runs are shown. */
  tracker: Tracker;
  /** The model registry shown on the models pages. @default none (the pages say so) */
  registry?: Registry;
  /** Reference profiles and drift results for the drift page. @default none */
  profiles?: UiProfiles | ProfileStore;
}

/** Options of `createUiHandler`. */
export interface UiHandlerOptions extends UiDataOptions {
  /** URL path the UI is mounted under (`/plinth`); requests outside it answer 404. @default '' (the root) */
  basePath?: string;
  /**
   * Enable the write actions (rename, tag, delete and restore a run, move an alias). They take POST requests
   * with JSON bodies that carry the `x-plinth-ui` header and, when the browser sends one, a same-origin
   * `Origin`: a cross-site form or image cannot forge them. @default false (read-only)
   */
  write?: boolean;
  /**
   * Where the page's client files come from. @default in Node, the files shipped in the package directory;
   * elsewhere (an edge runtime without a file system) there is no default: pass one, or serve a static export.
   */
  assets?: UiAssetSource;
  /** Who the audit trail names for alias moves made through the UI. @default 'plinth-ui' */
  actor?: string;
}

/** Options of `exportStaticUi`. */
export interface ExportStaticUiOptions extends UiDataOptions {
  /** Directory to write the site into (created if missing). */
  to: string;
  /** Called after each file is written, with how many are done and how many are known so far. */
  onProgress?: (progress: { done: number; total: number; file: string }) => void;
  /** Points per metric chart in the export. @default 1000 */
  chartPoints?: number;
  /** Artifacts larger than this are listed but not copied. @default 10 MiB */
  maxArtifactBytes?: number;
}

const isFunctionObject = (value: unknown, ...methods: string[]) =>
  typeof value === 'object' &&
  value !== null &&
  methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/** Normalised profiles option. */
export function profilesOf(value: UiProfiles | ProfileStore | undefined): UiProfiles {
  if (value === undefined) return {};
  if (isFunctionObject(value, 'load', 'list')) return { store: value as ProfileStore };
  return value as UiProfiles;
}

const ALLOWED = new Set([
  'tracker',
  'registry',
  'profiles',
  'basePath',
  'write',
  'assets',
  'actor',
  'to',
  'onProgress',
  'chartPoints',
  'maxArtifactBytes',
]);

/**
 * Checks the options of the UI entry points before anything runs.
 * @throws {PlinthError} `PLINTH_VALIDATION` naming each offending option.
 */
export function checkOptions(options: unknown, subject: string, allowed: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw uiErrors.invalid(subject, { path: '', message: 'must be an object such as { tracker }' });
  }
  const record = options as Record<string, unknown>;
  const issues: { path: string; message: string }[] = [];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key) || !ALLOWED.has(key)) issues.push({ path: key, message: 'is not an option' });
  }
  if (!isFunctionObject(record.tracker, 'searchRuns', 'getRun', 'listExperiments', 'getMetricColumns')) {
    issues.push({ path: 'tracker', message: 'must be a Tracker from createTracker()' });
  }
  if (record.registry !== undefined && !isFunctionObject(record.registry, 'listModels', 'getVersion')) {
    issues.push({ path: 'registry', message: 'must be a Registry from createRegistry()' });
  }
  const profiles = record.profiles;
  if (profiles !== undefined && !isFunctionObject(profiles, 'load', 'list')) {
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
      issues.push({ path: 'profiles', message: 'must be a ProfileStore or { store?, results? }' });
    } else {
      const { store, results, ...rest } = profiles as Record<string, unknown>;
      for (const key of Object.keys(rest))
        issues.push({ path: `profiles.${key}`, message: 'is not an option' });
      if (store !== undefined && !isFunctionObject(store, 'load', 'list'))
        issues.push({ path: 'profiles.store', message: 'must be a ProfileStore' });
      if (results !== undefined && !Array.isArray(results) && typeof results !== 'function')
        issues.push({ path: 'profiles.results', message: 'must be an array or a function returning one' });
    }
  }
  if (record.basePath !== undefined) {
    const base = record.basePath;
    if (
      typeof base !== 'string' ||
      base.length > 1000 ||
      (base !== '' && (!base.startsWith('/') || base.endsWith('/'))) ||
      !/^[A-Za-z0-9/_.~-]*$/.test(base) ||
      base.split('/').some((segment) => segment === '.' || segment === '..')
    ) {
      issues.push({ path: 'basePath', message: "must be '' or a path like '/plinth' (no trailing slash)" });
    }
  }
  if (record.write !== undefined && typeof record.write !== 'boolean')
    issues.push({ path: 'write', message: 'must be a boolean' });
  if (record.assets !== undefined && typeof record.assets !== 'function')
    issues.push({ path: 'assets', message: 'must be a function (name) => bytes' });
  if (
    record.actor !== undefined &&
    (typeof record.actor !== 'string' || record.actor.length === 0 || record.actor.length > 256)
  )
    issues.push({ path: 'actor', message: 'must be a string of 1 to 256 characters' });
  if (allowed.includes('to') && (typeof record.to !== 'string' || record.to.length === 0))
    issues.push({ path: 'to', message: 'must be a directory path' });
  if (record.onProgress !== undefined && typeof record.onProgress !== 'function')
    issues.push({ path: 'onProgress', message: 'must be a function' });
  for (const [key, max] of [
    ['chartPoints', 100_000],
    ['maxArtifactBytes', 2 ** 40],
  ] as const) {
    const value = record[key];
    if (
      value !== undefined &&
      (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max)
    )
      issues.push({ path: key, message: `must be an integer from 1 to ${max}` });
  }
  if (issues.length) throw uiErrors.invalid(subject, issues);
}
