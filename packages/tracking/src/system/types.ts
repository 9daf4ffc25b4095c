/** A function that flushes what it can when the process or page goes away. */
export type ExitCallback = () => Promise<void>;

/** Gauges sampled by system metrics, logged as `system/<name>`. */
export type SystemMetricSample = Record<string, number>;

/** Options of `collectSystemTags`. */
export interface SystemTagOptions {
  /** Directory to look for `.git` from (walking up). @default process.cwd() in Node */
  cwd?: string;
}
