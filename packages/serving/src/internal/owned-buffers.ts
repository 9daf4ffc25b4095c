// Buffers Plinth made itself for one run (the batcher's merged inputs): nobody else holds them, so a runtime may
// move them (transfer to a worker thread) instead of copying them.

const owned = /* @__PURE__ */ new WeakSet<ArrayBuffer>();

/** Marks a buffer as Plinth's own scratch: read once by the next run, then dropped. */
export function markOwned(buffer: ArrayBufferLike): void {
  if (buffer instanceof ArrayBuffer) owned.add(buffer);
}

/** Whether a view covers a whole buffer Plinth made for this run (so it may be transferred, not copied). */
export function isOwnedWhole(view: ArrayBufferView): boolean {
  return (
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength &&
    owned.has(view.buffer as ArrayBuffer)
  );
}
