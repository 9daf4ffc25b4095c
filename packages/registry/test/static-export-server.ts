// Run by the Chromium tests' browser commands (browser-commands.ts) as its own Node process:
//   node --conditions=@plinth/source --import tsx static-export-server.ts
// The README's publishing recipe: registers a model in a temp fsStorage registry, exports it with
// exportStatic({ toDirectory }) into a folder of plain files, serves that folder with a plain static file
// server on 127.0.0.1, prints one JSON line describing it, and cleans up on SIGTERM.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { startPlainFileServer } from '../../core/test/plain-file-server.ts';

const directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-static-'));
const source = createRegistry({ storage: fsStorage({ dir: path.join(directory, 'source') }), actor: 'ci' });
await source.createModel('fraud', { description: 'card fraud scorer' });
await source.registerVersion('fraud', { artifact: new TextEncoder().encode('retired model') });
const artifact = new Uint8Array(3 * 2 ** 20 + 17).map((_, index) => (index * 131 + (index >> 9)) & 0xff);
const champion = await source.registerVersion('fraud', {
  artifact,
  format: 'onnx',
  signature: {
    inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 32] }],
    outputs: [{ name: 'score', dtype: 'float32', shape: [-1, 1] }],
  },
  runId: 'run-42',
});
await source.setAlias('fraud', 'champion', champion.version, { reason: 'browser test' });
const exported = path.join(directory, 'public', 'registry');
await source.exportStatic({ toDirectory: exported, models: ['fraud'] });
const server = await startPlainFileServer(exported);

process.stdout.write(
  `${JSON.stringify({
    url: server.url,
    version: champion.version,
    size: artifact.byteLength,
    sha256: createHash('sha256').update(artifact).digest('hex'),
  })}\n`,
);

process.on('SIGTERM', async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
  process.exit(0);
});
