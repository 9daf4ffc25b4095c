import { hasControlCharacters } from '@plinth/core';
import { throwIfAborted } from '@plinth/core/adapter';
import { checkOptionKeys, describe, errors } from '../deployment/errors.ts';
import type { ModelInputs, ModelOutputs } from '../model/types.ts';
import { concatParts, inputColumns, outputCollector } from './columns.ts';
import type { ArrowTableLike, FileScorer, ScoreBatchOptions, ScoreBatchResult } from './types.ts';

const KEYS = [
  'model',
  'deployment',
  'input',
  'output',
  'batchSize',
  'onProgress',
  'inputs',
  'outputPrefix',
  'signal',
] as const;

/** The predict function of a model or a deployment. */
export type Predict = (inputs: ModelInputs) => Promise<ModelOutputs>;

/** Checks `scoreBatch` options and returns the predict function. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkScoreBatchOptions(input: unknown): { options: ScoreBatchOptions; predict: Predict } {
  const options = checkOptionKeys(input, KEYS, 'scoreBatch options') as unknown as ScoreBatchOptions;
  const fail = (path: string, message: string): never => {
    throw errors.invalid('scoreBatch options', { path, message });
  };
  if (input === undefined) fail('', 'give { model or deployment, input }');
  const { model, deployment, batchSize, outputPrefix, output, inputs, onProgress, signal } = options;
  if ((model === undefined) === (deployment === undefined))
    fail('model', 'give exactly one of model and deployment');
  if (model !== undefined && typeof (model as { predict?: unknown })?.predict !== 'function') {
    fail('model', 'must be a Model (from loadModel)');
  }
  if (deployment !== undefined && typeof (deployment as { predict?: unknown })?.predict !== 'function') {
    fail('deployment', 'must be a deployment (from createDeployment)');
  }
  const table = options.input as unknown;
  const isTable =
    typeof table === 'object' &&
    table !== null &&
    typeof (table as ArrowTableLike).slice === 'function' &&
    typeof (table as ArrowTableLike).numRows === 'number';
  if (!isTable && typeof table !== 'string')
    fail('input', `must be an Arrow table or a file path, got ${describe(table)}`);
  if (
    typeof table === 'string' &&
    (table.length === 0 || table.length > 4096 || hasControlCharacters(table))
  ) {
    fail('input', 'must be a file path of 1 to 4096 characters without control characters');
  }
  if (
    output !== undefined &&
    (typeof output !== 'string' || output.length === 0 || hasControlCharacters(output))
  ) {
    fail('output', 'must be a file path without control characters');
  }
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1_000_000)) {
    fail('batchSize', `must be a whole number from 1 to 1000000, got ${describe(batchSize)}`);
  }
  if (
    outputPrefix !== undefined &&
    !(typeof outputPrefix === 'string' && /^[A-Za-z0-9_]{0,64}$/.test(outputPrefix))
  ) {
    fail('outputPrefix', 'must be up to 64 letters, digits or "_"');
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') fail('onProgress', 'must be a function');
  if (signal !== undefined && !(signal instanceof AbortSignal)) fail('signal', 'must be an AbortSignal');
  if (inputs !== undefined) {
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
      fail('inputs', 'must be an object');
    for (const [name, columns] of Object.entries(inputs)) {
      const list = typeof columns === 'string' ? [columns] : columns;
      if (!Array.isArray(list) || list.length === 0 || list.some((column) => typeof column !== 'string')) {
        fail(`inputs.${name}`, 'must be a column name or a non-empty array of column names');
      }
    }
  }
  const predict: Predict = model
    ? (chunk) => model.predict(chunk, signal ? { signal } : undefined)
    : async (chunk) => (await deployment!.predict(chunk, signal ? { signal } : undefined)).outputs;
  return { options, predict };
}

/** Scores an Arrow table chunk by chunk; returns it with the prediction columns beside the inputs. */
async function scoreTable(options: ScoreBatchOptions, predict: Predict): Promise<ScoreBatchResult> {
  const table = options.input as ArrowTableLike;
  const signature = (options.model ?? options.deployment!.model(options.deployment!.stats().routes[0]!.name))
    .signature;
  const names = table.schema.fields.map((field) => field.name);
  const mapping = inputColumns(signature, names, options.inputs);
  const batchSize = options.batchSize ?? 1024;
  const collector = outputCollector(options.outputPrefix ?? '', names);
  let batches = 0;
  for (let start = 0; start < table.numRows; start += batchSize) {
    throwIfAborted(options.signal, 'serving');
    const end = Math.min(table.numRows, start + batchSize);
    const slice = table.slice(start, end);
    const inputs: Record<string, unknown> = Object.create(null);
    for (const { spec, columns, vector } of mapping) {
      inputs[spec.name] = vector ? slice.getChild(columns[0]!) : slice.select([...columns]);
    }
    collector.add(await predict(inputs), end - start);
    batches += 1;
    options.onProgress?.({ rows: end, totalRows: table.numRows, batches });
  }
  const arrow = await import('apache-arrow');
  const predictions: Record<string, ArrayLike<unknown>> = {};
  for (const column of collector.columns) predictions[column.name] = concatParts(column.parts);
  const scored =
    collector.columns.length === 0
      ? table
      : (table as unknown as InstanceType<typeof arrow.Table>).assign(
          arrow.tableFromArrays(predictions as Parameters<typeof arrow.tableFromArrays>[0]),
        );
  return {
    rows: table.numRows,
    batches,
    columns: collector.columns.map((column) => column.name),
    table: scored,
  };
}

/** `scoreBatch` with a runtime's file scorer (Node: DuckDB; browsers: none). */
export function batchScorer(scoreFile: FileScorer | undefined) {
  return async function scoreBatch(input: ScoreBatchOptions): Promise<ScoreBatchResult> {
    const { options, predict } = checkScoreBatchOptions(input);
    if (typeof options.input !== 'string') return scoreTable(options, predict);
    if (!scoreFile) {
      throw errors.error(
        'PLINTH_UNSUPPORTED_RUNTIME',
        'scoreBatch reads Parquet and CSV files through DuckDB in Node; in a browser pass an Arrow table',
      );
    }
    return scoreFile(options as ScoreBatchOptions & { input: string }, predict as never);
  };
}
