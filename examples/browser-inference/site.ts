// Builds the example's site: a model registered in a registry and exported as plain files (registry/), the
// service worker, and the page bundled by Vite (which also emits onnxruntime-web's wasm file into assets/, so
// the site serves it itself: no CDN). Everything generated goes under $PLINTH_DIR/browser-inference (default .plinth).
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { build, defaultClientConditions } from 'vite';
import type { LogisticModel } from '../demo/model.ts';
import { exportToOnnx, signatureOf } from '../demo/onnx-export.ts';

/** The model the page serves: a logistic regression over two standardised features. */
export const MODEL: LogisticModel = {
  featureNames: ['amount_z', 'velocity_z'],
  mean: [0, 0],
  std: [1, 1],
  weights: [1.4, 0.9],
  bias: -1.5,
};

export async function buildSite(
  root = path.resolve(process.env.PLINTH_DIR ?? '.plinth', 'browser-inference'),
) {
  const publicDir = path.join(root, 'public');
  const outDir = path.join(root, 'dist');
  await rm(root, { recursive: true, force: true });
  await mkdir(publicDir, { recursive: true });

  const registry = createRegistry({ storage: memoryStorage(), actor: 'example' });
  const version = await registry.registerVersion('fraud', {
    artifact: exportToOnnx(MODEL),
    format: 'onnx',
    signature: signatureOf(MODEL),
    card: { overview: 'Scores a transaction from two standardised features.' },
  });
  await registry.setAlias('fraud', 'champion', version.version);
  await registry.exportStatic({ toDirectory: path.join(publicDir, 'registry') });

  await copyFile(path.join(import.meta.dirname, 'sw.js'), path.join(publicDir, 'sw.js'));

  await build({
    root: import.meta.dirname,
    publicDir,
    base: './',
    logLevel: 'warn',
    resolve: { conditions: ['@plinth/source', ...defaultClientConditions] },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  return { outDir, version: version.version };
}
