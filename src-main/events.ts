import type { BarwiseEvent, BarwiseEventListener } from '../src-shared/events';

export interface EventHub {
  emit(event: BarwiseEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: BarwiseEventListener): () => void;
}

/** Fan-out of main's events to every transport; a throwing listener never blocks the others. */
export function createEventHub(): EventHub {
  const listeners = new Set<BarwiseEventListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error('event listener failed:', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
