// Deployment events: the `onEvent` option plus listeners by type; a listener's error never reaches the caller.
import { describe, errors } from './errors.ts';
import type { DeploymentEvent, DeploymentEventType } from './types.ts';

const EVENT_TYPES: readonly DeploymentEventType[] = [
  'shadow',
  'shadow-error',
  'fallback',
  'canary-step',
  'canary-complete',
  'rollback',
  'switch',
  'promote',
  'swap',
  'swap-error',
  'callback-error',
];

/** The event hub of one deployment. */
export interface Events {
  emit(event: DeploymentEvent): void;
  /** Whether anything listens to `type` (skip building costly events otherwise). */
  listens(type: DeploymentEventType): boolean;
  on<T extends DeploymentEventType>(
    type: T,
    listener: (event: Extract<DeploymentEvent, { type: T }>) => void,
  ): () => void;
}

/** An event hub that also calls `onEvent` with every event. */
export function createEvents(onEvent: ((event: DeploymentEvent) => void) | undefined): Events {
  const listeners = new Map<DeploymentEventType, Set<(event: DeploymentEvent) => void>>();
  return {
    emit(event) {
      try {
        onEvent?.(event);
      } catch {
        // an observer's failure is not the deployment's
      }
      for (const listener of listeners.get(event.type) ?? []) {
        try {
          listener(event);
        } catch {
          // same
        }
      }
    },
    listens: (type) => onEvent !== undefined || (listeners.get(type)?.size ?? 0) > 0,
    on(type, listener) {
      if (!EVENT_TYPES.includes(type)) {
        throw errors.invalid('on(type)', {
          path: '',
          message: `unknown event type ${describe(type)}; one of ${EVENT_TYPES.join(', ')}`,
        });
      }
      if (typeof listener !== 'function') {
        throw errors.invalid('on(listener)', { path: '', message: 'must be a function' });
      }
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      const entry = listener as (event: DeploymentEvent) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}
