// Reading MLflow's `MLmodel` file: a small YAML subset (block mappings, block lists of scalars, plain and
// quoted scalars folded over lines), which is all MLflow writes there.
import type { Signature } from '@plinth/core';
import { MLFLOW_COLUMN_DTYPES } from '@plinth/core/adapter';
import { errors } from '../internal/errors.ts';

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
}

function scalar(text: string): Yaml {
  const value = text.trim();
  if (value === '' || value === 'null' || value === '~') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"')) return JSON.parse(value) as string;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === '[]') return [];
  if (value === '{}') return {};
  return value;
}

/** Joins a quoted scalar that continues over the next, deeper-indented lines (folded with one space). */
function quotedValue(first: string, lines: Line[], at: { index: number }): string {
  const quote = first[0]!;
  let text = first;
  const closed = (candidate: string) => {
    if (candidate.length < 2 || !candidate.endsWith(quote)) return false;
    if (quote === '"') return !candidate.endsWith('\\"');
    // in single quotes '' is an escaped quote: count the trailing quotes
    const trailing = /'+$/.exec(candidate)![0].length;
    return trailing % 2 === 1;
  };
  while (!closed(text) && at.index < lines.length) {
    text += ` ${lines[at.index]!.text}`;
    at.index += 1;
  }
  return text;
}

function parseBlock(lines: Line[], at: { index: number }, indent: number): Yaml {
  const first = lines[at.index];
  if (!first || first.indent < indent) return null;
  if (first.text.startsWith('- ') || first.text === '-') {
    const list: Yaml[] = [];
    while (
      at.index < lines.length &&
      lines[at.index]!.indent === first.indent &&
      lines[at.index]!.text.startsWith('-')
    ) {
      const item = lines[at.index]!.text.slice(1).trim();
      at.index += 1;
      list.push(
        item.startsWith("'") || item.startsWith('"') ? scalar(quotedValue(item, lines, at)) : scalar(item),
      );
    }
    return list;
  }
  const map: { [key: string]: Yaml } = Object.create(null);
  while (at.index < lines.length && lines[at.index]!.indent === first.indent) {
    const line = lines[at.index]!;
    const colon = line.text.indexOf(':');
    if (colon === -1) throw new Error(`expected "key: value" at "${line.text}"`);
    const key = line.text.slice(0, colon).trim();
    const rest = line.text.slice(colon + 1).trim();
    at.index += 1;
    if (rest === '') {
      const next = lines[at.index];
      // a list may sit at the same indent as its key
      if (next && (next.indent > line.indent || (next.indent === line.indent && next.text.startsWith('-'))))
        map[key] = parseBlock(lines, at, next.indent);
      else map[key] = null;
    } else if (rest.startsWith("'") || rest.startsWith('"')) map[key] = scalar(quotedValue(rest, lines, at));
    else map[key] = scalar(rest);
  }
  return map;
}

/** Parses the YAML subset MLflow writes in `MLmodel`. @throws {PlinthError} `PLINTH_VALIDATION`. */
export function parseMlmodelYaml(text: string): Record<string, Yaml> {
  const lines: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    lines.push({ indent: raw.length - raw.trimStart().length, text: raw.trim() });
  }
  try {
    const parsed = parseBlock(lines, { index: 0 }, 0);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not a mapping');
    return parsed;
  } catch (cause) {
    throw errors.error('PLINTH_VALIDATION', `MLmodel is not the YAML MLflow writes: ${String(cause)}`, {
      cause,
    });
  }
}

/** What Plinth reads from an `MLmodel`. */
export interface MlmodelInfo {
  /** Flavor names (`onnx`, `python_function`, …). */
  flavors: string[];
  /** The model file of the `onnx` flavor (`model.onnx`), if there is one. */
  onnxFile?: string;
  /** The signature, in Plinth's form. */
  signature?: Signature;
  /** The input example file (`input_example.json`). */
  inputExampleFile?: string;
  /** `run_id`, when MLflow recorded it. */
  runId?: string;
}

/** MLflow signature specs (JSON text) → Plinth tensor or column specs. */
function specs(json: unknown, where: string): Signature['inputs'] {
  if (typeof json !== 'string') return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch (cause) {
    throw errors.error('PLINTH_VALIDATION', `MLmodel signature.${where} is not JSON`, { cause });
  }
  if (!Array.isArray(list)) return [];
  return list.map(
    (
      spec: {
        name?: string;
        type?: string;
        'tensor-spec'?: { dtype?: string; shape?: number[] };
        required?: boolean;
      },
      index,
    ) => {
      const name = spec.name ?? `${where}_${index}`;
      if (spec.type === 'tensor') {
        return {
          name,
          dtype: spec['tensor-spec']?.dtype ?? 'float32',
          shape: spec['tensor-spec']?.shape ?? [],
        };
      }
      return {
        name,
        dtype: MLFLOW_COLUMN_DTYPES[spec.type ?? ''] ?? 'string',
        ...(spec.required === false ? { nullable: true } : {}),
      };
    },
  ) as Signature['inputs'];
}

/** Reads an `MLmodel`: flavors, the ONNX file, the signature (its JSON strings parsed a second time), the example. */
export function readMlmodel(text: string): MlmodelInfo {
  const yaml = parseMlmodelYaml(text);
  const flavors =
    yaml.flavors && typeof yaml.flavors === 'object' && !Array.isArray(yaml.flavors) ? yaml.flavors : {};
  const info: MlmodelInfo = { flavors: Object.keys(flavors) };
  const onnx = (flavors as Record<string, Yaml>).onnx as Record<string, Yaml> | null | undefined;
  if (onnx && typeof onnx.data === 'string') info.onnxFile = onnx.data;
  const signature = yaml.signature as Record<string, Yaml> | null | undefined;
  if (signature && typeof signature === 'object') {
    const inputs = specs(signature.inputs, 'inputs');
    if (inputs.length > 0) info.signature = { inputs, outputs: specs(signature.outputs, 'outputs') };
  }
  const example = yaml.saved_input_example_info as Record<string, Yaml> | null | undefined;
  if (example && typeof example.artifact_path === 'string') info.inputExampleFile = example.artifact_path;
  if (typeof yaml.run_id === 'string') info.runId = yaml.run_id;
  return info;
}
