import { ownMap } from '../../schemas/own-record.ts';
import type { Run } from '../../schemas/run.ts';
import { paths } from '../layout.ts';

/**
 * The fields of the columnar index, one column each: `a:<attribute>` (run attributes), `p:<key>` (params),
 * `t:<key>` (tags), and per metric key `mv:`, `ms:`, `mt:` (latest value, step, timestamp). Attributes a
 * run does not have are missing values; `a:artifactPrefix` is stored only when it is not the default
 * `tracking/runs/<id>/artifacts`, `a:inputs` only when non-empty (as JSON), and `a:extra` holds any
 * top-level run field this version does not know (as JSON), so nothing a run document carries is lost.
 */
export const NUMBER_ATTRIBUTES = ['startTime', 'endTime', 'heartbeatAt'] as const;
const STRING_ATTRIBUTES = ['id', 'experimentId', 'name', 'status', 'lifecycle', 'user', 'parentRunId'];
const KNOWN = new Set<string>([
  ...NUMBER_ATTRIBUTES,
  ...STRING_ATTRIBUTES,
  'artifactPrefix',
  'params',
  'metrics',
  'tags',
  'inputs',
]);

/** Whether a field holds numbers (else strings). */
export function isNumberField(field: string): boolean {
  return (
    field.startsWith('mv:') ||
    field.startsWith('ms:') ||
    field.startsWith('mt:') ||
    field === 'a:startTime' ||
    field === 'a:endTime' ||
    field === 'a:heartbeatAt'
  );
}

/** The artifact prefix a run gets unless it says otherwise. */
export const defaultArtifactPrefix = (id: string) => paths.artifactsPrefix(id).slice(0, -1);

/** Sets an own property, also for `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Every field a run has a value in. */
export function fieldsOfRun(run: Run): string[] {
  const fields: string[] = [];
  for (const key of [...STRING_ATTRIBUTES, ...NUMBER_ATTRIBUTES]) {
    if ((run as unknown as Record<string, unknown>)[key] !== undefined) fields.push(`a:${key}`);
  }
  if (run.artifactPrefix !== defaultArtifactPrefix(run.id)) fields.push('a:artifactPrefix');
  if (run.inputs.length > 0) fields.push('a:inputs');
  for (const key of Object.keys(run)) {
    if (!KNOWN.has(key)) {
      fields.push('a:extra');
      break;
    }
  }
  for (const key of Object.keys(run.params)) fields.push(`p:${key}`);
  for (const key of Object.keys(run.tags)) fields.push(`t:${key}`);
  for (const key of Object.keys(run.metrics)) fields.push(`mv:${key}`, `ms:${key}`, `mt:${key}`);
  return fields;
}

const own = (map: Record<string, unknown>, key: string) => (Object.hasOwn(map, key) ? map[key] : undefined);

/** The value of a field of a run, `undefined` when missing. */
export function valueOfRun(run: Run, field: string): string | number | undefined {
  const colon = field.indexOf(':');
  const prefix = field.slice(0, colon);
  const key = field.slice(colon + 1);
  switch (prefix) {
    case 'p':
      return own(run.params, key) as string | undefined;
    case 't':
      return own(run.tags, key) as string | undefined;
    case 'mv':
    case 'ms':
    case 'mt': {
      const point = own(run.metrics, key) as Run['metrics'][string] | undefined;
      if (!point) return undefined;
      return prefix === 'mv' ? point.value : prefix === 'ms' ? point.step : point.timestamp;
    }
    default:
      if (key === 'artifactPrefix')
        return run.artifactPrefix === defaultArtifactPrefix(run.id) ? undefined : run.artifactPrefix;
      if (key === 'inputs') return run.inputs.length > 0 ? JSON.stringify(run.inputs) : undefined;
      if (key === 'extra') {
        const extra: Record<string, unknown> = {};
        let any = false;
        for (const name of Object.keys(run)) {
          if (KNOWN.has(name)) continue;
          setOwn(extra, name, (run as unknown as Record<string, unknown>)[name]);
          any = true;
        }
        return any ? JSON.stringify(extra) : undefined;
      }
      return (run as unknown as Record<string, string | number | undefined>)[key];
  }
}

/** A run with every attribute at a neutral value and own-key maps: the target fields are written into. */
export function blankRun(): Run {
  return {
    id: '',
    experimentId: '',
    name: '',
    status: 'running',
    lifecycle: 'active',
    startTime: 0,
    heartbeatAt: 0,
    artifactPrefix: '',
    params: ownMap(),
    metrics: ownMap(),
    tags: ownMap(),
    inputs: [],
  };
}

/** A field's writer: sets its value on a run under construction (`undefined` removes it). */
export type FieldWriter = (run: Run, value: string | number | undefined) => void;

/**
 * The writer of one field, parsed once. Attribute fields `a:artifactPrefix` and `a:inputs` fall back to
 * their defaults, so write `a:id` first.
 */
export function fieldWriter(field: string): FieldWriter {
  const colon = field.indexOf(':');
  const prefix = field.slice(0, colon);
  const key = field.slice(colon + 1);
  switch (prefix) {
    case 'p':
    case 't':
      return (run, value) => {
        const map = (prefix === 'p' ? run.params : run.tags) as Record<string, unknown>;
        if (value === undefined) delete map[key];
        else setOwn(map, key, value);
      };
    case 'mv':
    case 'ms':
    case 'mt': {
      const slot = prefix === 'mv' ? 'value' : prefix === 'ms' ? 'step' : 'timestamp';
      return (run, value) => {
        const metrics = run.metrics as Record<string, { value: number; step: number; timestamp: number }>;
        if (value === undefined) {
          delete metrics[key];
          return;
        }
        let point = Object.hasOwn(metrics, key) ? metrics[key] : undefined;
        if (!point) {
          point = { value: 0, step: 0, timestamp: 0 };
          setOwn(metrics, key, point);
        }
        point[slot] = value as number;
      };
    }
    default:
      if (key === 'artifactPrefix')
        return (run, value) => {
          run.artifactPrefix = (value as string) ?? defaultArtifactPrefix(run.id);
        };
      if (key === 'inputs')
        return (run, value) => {
          run.inputs = value === undefined ? [] : JSON.parse(value as string);
        };
      if (key === 'extra')
        return (run, value) => {
          if (value !== undefined) Object.assign(run, JSON.parse(value as string));
        };
      return (run, value) => {
        const target = run as unknown as Record<string, unknown>;
        if (value === undefined) delete target[key];
        else target[key] = value;
      };
  }
}

const writers = new Map<string, FieldWriter>();

/** Writes one field's value into a run under construction (see {@link fieldWriter}). */
export function writeField(run: Run, field: string, value: string | number | undefined): void {
  let writer = writers.get(field);
  if (!writer) {
    writer = fieldWriter(field);
    if (writers.size < 10_000) writers.set(field, writer);
  }
  writer(run, value);
}
