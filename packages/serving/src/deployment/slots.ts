// A route's current model, and the accounting that lets a hot swap dispose the old one only once drained.
import type { Model } from '../model/types.ts';

/** One model as a route holds it. */
export interface Slot {
  readonly model: Model;
  /** Requests started on this model and not settled yet. */
  inFlight: number;
  /** Replaced: dispose once `inFlight` is 0. */
  retired: boolean;
  /** The deployment disposes it at `close()` (it loaded or wrapped it). */
  readonly owned: boolean;
  /** Set once `dispose()` was called. */
  disposed?: Promise<void>;
}

/** A slot for a model. */
export function createSlot(model: Model, owned: boolean): Slot {
  return { model, inFlight: 0, retired: false, owned };
}

/** Disposes a slot's model once (errors are swallowed: the model is out of service anyway). */
export function disposeSlot(slot: Slot): Promise<void> {
  slot.disposed ??= Promise.resolve()
    .then(() => slot.model.dispose())
    .catch(() => undefined);
  return slot.disposed;
}

/** Runs `task` on the slot's model, counting it in flight; a retired slot is disposed when its last call settles. */
export function runOnSlot<T>(slot: Slot, task: (model: Model) => Promise<T>): Promise<T> {
  slot.inFlight += 1;
  let settled: Promise<T>;
  try {
    settled = task(slot.model);
  } catch (error) {
    settled = Promise.reject(error);
  }
  return settled.finally(() => {
    slot.inFlight -= 1;
    if (slot.retired && slot.inFlight === 0) void disposeSlot(slot);
  });
}

/** Marks a slot replaced; disposes it now when nothing runs on it. */
export function retireSlot(slot: Slot): void {
  slot.retired = true;
  if (slot.inFlight === 0) void disposeSlot(slot);
}
