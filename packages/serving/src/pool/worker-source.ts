/**
 * The code each pool worker runs (CommonJS, evaluated by `new Worker(code, { eval: true })`, so it needs no
 * loader and no file of its own next to the built or source module). It loads onnxruntime-node from the path
 * the main thread resolved, creates one session, and answers `run` messages one at a time: inputs arrive as
 * transferred buffers, ONNX Runtime reads them in place, and they go back (transferred) with the outputs.
 */
export const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session;
const message = (error) => (error && error.message) || String(error);
const meta = (list) =>
  list && list.map((entry) => ({ name: entry.name, isTensor: entry.isTensor, type: entry.type, shape: entry.shape && Array.from(entry.shape) }));
let chain = Promise.resolve();
parentPort.on('message', (request) => {
  chain = chain.then(() => handle(request));
});
const run = async (request) => {
  const feeds = Object.create(null);
  const buffers = [];
  for (const tensor of request.feeds) {
    let data = tensor.data;
    if (tensor.buffer !== undefined) {
      data = new globalThis[tensor.ctor](tensor.buffer, 0, tensor.length);
      buffers.push(tensor.buffer);
    }
    feeds[tensor.name] = new ort.Tensor(tensor.type, data, tensor.dims);
  }
  let result;
  try {
    result = await session.run(feeds);
  } catch (error) {
    parentPort.postMessage({ type: 'run-error', id: request.id, message: message(error), buffers }, buffers);
    return;
  }
  const outputs = [];
  const transfer = buffers.slice();
  for (const name of Object.keys(result)) {
    const tensor = result[name];
    const data = tensor.data;
    outputs.push([name, { type: tensor.type, data, dims: Array.from(tensor.dims) }]);
    if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer && data.byteLength === data.buffer.byteLength && !transfer.includes(data.buffer)) transfer.push(data.buffer);
  }
  parentPort.postMessage({ type: 'result', id: request.id, outputs, buffers }, transfer);
};
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
      await run(request);
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
