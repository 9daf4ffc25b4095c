// Chromium test of issue 12: a page loads models from a static registry export (exportStatic into a folder of
// plain files, served by a plain static web server), runs them with onnxruntime-web whose wasm files come from
// node_modules/onnxruntime-web/dist on the same server (no CDN), and gets the outputs onnxruntime-node gives.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlainFileServer, startPlainFileServer } from '../../../core/test/plain-file-server.ts';
import { loadModel } from '../../src/index.node.ts';
import { expectClose } from '../helpers.ts';
import { mixedForward, mlpForward } from '../models/forward.ts';
import { classifierModel, mixedTypesModel, mlpModel } from '../models/models.ts';
import { randomFloats } from '../models/onnx-builder.ts';
import type { DeployResult, JsonTensor } from './page.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const mlp = mlpModel();
const challenger = mlpModel(2);
const classifier = classifierModel();
const mixed = mixedTypesModel();

let directory: string;
let site: PlainFileServer;
let browser: Browser;
let bundledInputs: string[];

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'plinth-serving-chromium-'));
  const registry = createRegistry({
    storage: fsStorage({ dir: path.join(directory, 'store') }),
    actor: 'ci',
  });
  const v = await registry.registerVersion('fraud', {
    artifact: mlp.bytes,
    format: 'onnx',
    signature: mlp.signature,
  });
  await registry.setAlias('fraud', 'champion', v.version);
  await registry.registerVersion('fraud', {
    artifact: challenger.bytes,
    format: 'onnx',
    signature: challenger.signature,
  });
  await registry.registerVersion('iris', { artifact: classifier.bytes, format: 'onnx' });
  await registry.registerVersion('mixed', {
    artifact: mixed.bytes,
    format: 'onnx',
    signature: mixed.signature,
  });
  const site_ = path.join(directory, 'public');
  await registry.exportStatic({ toDirectory: path.join(site_, 'registry') });
  const ortDist = path.join(root, 'node_modules/onnxruntime-web/dist');
  await mkdir(path.join(site_, 'ort'));
  for (const file of await readdir(ortDist)) {
    if (file.endsWith('.wasm') || file.endsWith('.mjs'))
      await copyFile(path.join(ortDist, file), path.join(site_, 'ort', file));
  }
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, 'page.ts')],
    outfile: path.join(site_, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@plinth/source', 'browser'],
    metafile: true,
    logLevel: 'silent',
  });
  bundledInputs = Object.keys(bundle.metafile.inputs);
  await writeFile(
    path.join(site_, 'index.html'),
    '<!doctype html><html><head><title>loading</title></head><body><script type="module" src="./page.js"></script></body></html>',
  );
  site = await startPlainFileServer(site_);
  browser = await chromium.launch({
    executablePath: process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium',
    args: (process.env.PLINTH_CHROMIUM_ARGS ?? '--no-sandbox --disable-gpu').split(' '),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Runs `plinthServe(uri, inputs)` in a fresh page; returns its result and every URL the page requested. */
async function inPage(uri: string, inputs: Record<string, JsonTensor>) {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  try {
    await page.goto(`${site.url}index.html`);
    await page.waitForFunction(() => document.title === 'ready');
    const result = await page.evaluate(
      ([modelUri, feeds]) =>
        (
          globalThis as unknown as {
            plinthServe(
              uri: string,
              inputs: unknown,
            ): Promise<{
              source: string;
              signature: unknown;
              outputs: Record<string, JsonTensor>;
            }>;
          }
        ).plinthServe(modelUri, feeds),
      [uri, inputs] as const,
    );
    return { result, requests };
  } finally {
    await page.close();
  }
}

describe('@plinth/serving in Chromium (onnxruntime-web, static registry export)', () => {
  it('the browser bundle of the default entry pulls neither onnxruntime-node nor node: modules', () => {
    expect(bundledInputs.some((input) => input.includes('onnxruntime-web'))).toBe(true);
    expect(
      bundledInputs.filter((input) => /node_modules\/onnxruntime-node|^node:|worker_threads/.test(input)),
    ).toEqual([]);
  });

  it('the MLP from models:/fraud@champion gives the Node outputs within 1e-5, with no request off the server', async () => {
    const features = randomFloats(8 * 32, 77);
    const { result, requests } = await inPage('models:/fraud@champion', {
      features: { data: [...features], dims: [8, 32] },
    });
    const node = await loadModel({ bytes: mlp.bytes });
    const expected = (await node.predict({ features })).score!;
    await node.dispose();
    expect(result.source).toBe('models:/fraud/1');
    expect(result.outputs.score!.dims).toEqual([8, 1]);
    expectClose(result.outputs.score!.data as number[], expected.data as Float32Array, 1e-5);
    expect(requests.filter((url) => !url.startsWith(site.url))).toEqual([]);
    expect(requests.some((url) => url.startsWith(`${site.url}ort/`) && url.endsWith('.wasm'))).toBe(true);
  });

  it('the two-output classifier (signature read from the model in the browser) matches Node', async () => {
    const x = randomFloats(5 * 4, 78, 2);
    const { result } = await inPage('models:/iris/1', { x: { data: [...x], dims: [5, 4] } });
    const node = await loadModel({ bytes: classifier.bytes });
    const expected = await node.predict({ x });
    await node.dispose();
    expect(result.signature).toEqual(classifier.signature);
    expect(result.outputs.label!.data).toEqual([...(expected.label!.data as BigInt64Array)].map(Number));
    expectClose(
      result.outputs.probabilities!.data as number[],
      expected.probabilities!.data as Float32Array,
      1e-5,
    );
  });

  it('int64, string and bool inputs (and int64 and string outputs) work in onnxruntime-web too', async () => {
    const count = [4, -3, 11];
    const category = ['books', 'toys', 'music'];
    const flag = [true, false, true];
    const { result } = await inPage('models:/mixed/1', {
      count: { data: count, dims: [3, 1], dtype: 'int64' },
      category: { data: category, dims: [3, 1], dtype: 'string' },
      flag: { data: flag, dims: [3, 1], dtype: 'bool' },
    });
    const expected = mixedForward(mixed.weights, count.map(BigInt), category, flag);
    expectClose(result.outputs.score!.data as number[], expected, 1e-6);
    expect(result.outputs.doubled!.data).toEqual(count.map((value) => 2 * value));
    expect(result.outputs.echo!.data).toEqual(category);
  });

  it('a batching deployment and createInferenceHandler run in the page and answer as Node does', async () => {
    const rows = Array.from({ length: 16 }, (_, index) => [...randomFloats(32, 200 + index)]);
    const inferRows = Array.from({ length: 3 }, (_, index) => [...randomFloats(32, 300 + index)]);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    let result: DeployResult;
    try {
      await page.goto(`${site.url}index.html`);
      await page.waitForFunction(() => document.title === 'ready');
      result = await page.evaluate(
        ([requestRows, rowsToInfer]) =>
          (
            globalThis as unknown as {
              plinthDeploy(rows: number[][], inferRows: number[][]): Promise<DeployResult>;
            }
          ).plinthDeploy(requestRows, rowsToInfer),
        [rows, inferRows] as const,
      );
    } finally {
      await page.close();
    }
    // the same rows through onnxruntime-node (route by route), and through the plain forward pass
    const nodeModels = {
      champion: await loadModel({ bytes: mlp.bytes }),
      challenger: await loadModel({ bytes: challenger.bytes }),
    };
    try {
      for (const [index, answer] of result.answers.entries()) {
        const route = index % 2 === 0 ? 'champion' : 'challenger';
        expect(answer).toMatchObject({ route, modelVersion: route === 'champion' ? 1 : 2 });
        const row = Float32Array.from(rows[index]!);
        const node = (await nodeModels[route].predict({ features: row })).score!.data as Float32Array;
        expectClose(answer.score, node, 1e-5);
        expectClose(answer.score, mlpForward((route === 'champion' ? mlp : challenger).weights, row), 1e-4);
      }
      // 16 requests sent at once were merged into batches in the page
      expect(result.largestBatch).toBeGreaterThan(1);
      expect(result.ready).toBe(200);
      expect(result.metadata).toMatchObject({
        name: 'fraud',
        inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 32] }],
      });
      expect(result.infer.status).toBe(200);
      const output = result.infer.body.outputs!.find((entry) => entry.name === 'score')!;
      expect(output.shape).toEqual([3, 1]);
      const expected = await nodeModels.champion.predict({ features: Float32Array.from(inferRows.flat()) });
      expectClose(output.data, expected.score!.data as Float32Array, 1e-5);
      expect(result.badRequest.status).toBe(400);
      expect(result.badRequest.body).toMatchObject({ error: expect.any(String) });
      expect(requests.filter((url) => !url.startsWith(site.url))).toEqual([]);
    } finally {
      await nodeModels.champion.dispose();
      await nodeModels.challenger.dispose();
    }
  });
});
