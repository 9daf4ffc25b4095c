/**
 * The code each pool worker runs (CommonJS, evaluated by `new Worker(code, { eval: true })`, so it needs no
 * loader and no file of its own next to the built or source module). It loads onnxruntime-node from the path
 * the main thread resolved, creates one session, and answers `run` messages.
 */
export const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session;
const message = (error) => (error && error.message) || String(error);
const meta = (list) =>
  list && list.map((entry) => ({ name: entry.name, isTensor: entry.isTensor, type: entry.type, shape: entry.shape && Array.from(entry.shape) }));
// ONNX Runtime refuses views of a SharedArrayBuffer, so inputs are copied into scratch arrays kept per input
// (already-touched memory, reused run after run); runs are serialized, so a scratch array is never shared.
const scratch = new Map();
const inputData = (name, tensor, sab) => {
  if (tensor.data !== undefined) return tensor.data;
  const Ctor = globalThis[tensor.ctor];
  let data = scratch.get(name);
  if (!data || data.constructor !== Ctor || data.length !== tensor.length) {
    data = new Ctor(tensor.length);
    scratch.set(name, data);
  }
  data.set(new Ctor(sab, tensor.byteOffset, tensor.length));
  return data;
};
let chain = Promise.resolve();
parentPort.on('message', (request) => {
  chain = chain.then(() => handle(request));
});
const handle = async (request) => {
  if (request.type === 'load') {
    try {
      session = await ort.InferenceSession.create(request.bytes, request.options);
      parentPort.postMessage({
        type: 'loaded',
        inputNames: Array.from(session.inputNames),
        outputNames: Array.from(session.outputNames),
        inputMetadata: meta(session.inputMetadata),
        outputMetadata: meta(session.outputMetadata),
      });
    } catch (error) {
      parentPort.postMessage({ type: 'load-error', message: message(error) });
    }
    return;
  }
  if (request.type === 'run') {
    try {
      const feeds = Object.create(null);
      for (const [name, tensor] of request.feeds) feeds[name] = new ort.Tensor(tensor.type, inputData(name, tensor, request.sab), tensor.dims);
      const result = await session.run(feeds);
      const outputs = [];
      const transfer = [];
      for (const name of Object.keys(result)) {
        const tensor = result[name];
        const data = tensor.data;
        outputs.push([name, { type: tensor.type, data, dims: Array.from(tensor.dims) }]);
        if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer && data.byteLength === data.buffer.byteLength) transfer.push(data.buffer);
      }
      try {
        parentPort.postMessage({ type: 'result', id: request.id, outputs }, transfer);
      } catch {
        parentPort.postMessage({ type: 'result', id: request.id, outputs });
      }
    } catch (error) {
      parentPort.postMessage({ type: 'run-error', id: request.id, message: message(error) });
    }
    return;
  }
  if (request.type === 'release') {
    if (session) await session.release();
    parentPort.postMessage({ type: 'released' });
  }
};
`;
