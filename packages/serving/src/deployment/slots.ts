// A route's current model, and the accounting that lets a hot swap dispose the old one only once drained.
import type { Model } from '../model/types.ts';

/** One model as a route holds it. */
export interface Slot {
  /** What requests call: the model, or the batcher wrapped around it. */
  readonly model: Model;
  /** The model given in the options or loaded by a hot swap. */
  readonly base: Model;
  /** Requests started on this model and not settled yet. */
  inFlight: number;
  /** Replaced by a hot swap: dispose (base included) once `inFlight` is 0. */
  retired: boolean;
  /** The deployment loaded `base` itself, so `close()` disposes it. */
  readonly owned: boolean;
  /** Set once disposal started. */
  disposed?: Promise<void>;
  /** Called when the last request in flight settles (set while the deployment closes). */
  onDrained?: () => void;
}

/** A slot for `base`, called through `model` (a batcher around it, or `base` itself). */
export function createSlot(model: Model, base: Model, owned: boolean): Slot {
  return { model, base, inFlight: 0, retired: false, owned };
}

/**
 * Disposes a slot once: its batcher, and its base model when the deployment owns it or a swap retired it.
 * Errors are swallowed: the model is out of service anyway.
 */
export function disposeSlot(slot: Slot): Promise<void> {
  slot.disposed ??= (async () => {
    const disposeBase = slot.owned || slot.retired;
    for (const model of slot.model === slot.base ? [slot.base] : [slot.model, slot.base]) {
      if (model === slot.base && !disposeBase) continue;
      await Promise.resolve()
        .then(() => model.dispose())
        .catch(() => undefined);
    }
  })();
  return slot.disposed;
}

/** Counts one call settled on the slot; a retired slot is disposed when its last call settles. */
export function leaveSlot(slot: Slot): void {
  slot.inFlight -= 1;
  if (slot.inFlight > 0) return;
  if (slot.retired) void disposeSlot(slot);
  slot.onDrained?.();
}

/** Runs `task` on the slot's model, counting it in flight (`inFlight += 1`, then {@link leaveSlot}). */
export function runOnSlot<T>(slot: Slot, task: (model: Model) => Promise<T>): Promise<T> {
  slot.inFlight += 1;
  let settled: Promise<T>;
  try {
    settled = task(slot.model);
  } catch (error) {
    settled = Promise.reject(error);
  }
  return settled.finally(() => leaveSlot(slot));
}

/** Resolves once nothing runs on the slot. */
export function drained(slot: Slot): Promise<void> {
  if (slot.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    slot.onDrained = resolve;
  });
}

/** Marks a slot replaced by a hot swap; disposes it now when nothing runs on it. */
export function retireSlot(slot: Slot): void {
  slot.retired = true;
  if (slot.inFlight === 0) void disposeSlot(slot);
}
