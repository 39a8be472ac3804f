import type { Endpoint } from 'comlink';

/**
 * A bidirectional message pipe: an Electron MessagePort, a browser MessagePort, or a WebSocket
 * (with the JSON codec). comlink's RPC and main's pushed events share it; events are marked with
 * `$event` so the RPC side never sees them.
 */
export interface Transport {
  send(message: unknown): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): void;
  close(): void;
}

export interface EventEnvelope {
  readonly $event: unknown;
}

export const isEventEnvelope = (message: unknown): message is EventEnvelope =>
  typeof message === 'object' && message !== null && '$event' in message;

type ListenerArg = Parameters<Endpoint['addEventListener']>[1];
type DataListener = (event: { data: unknown }) => void;

/** comlink's Endpoint over a Transport, skipping event envelopes. */
export function transportEndpoint(transport: Transport): Endpoint {
  const removers = new Map<ListenerArg, () => void>();
  return {
    postMessage(message: unknown) {
      transport.send(message);
    },
    addEventListener(_type: string, listener: ListenerArg) {
      const call: DataListener =
        typeof listener === 'function'
          ? (listener as unknown as DataListener)
          : (event) => (listener as unknown as { handleEvent: DataListener }).handleEvent(event);
      const remove = transport.onMessage((message) => {
        if (!isEventEnvelope(message)) call({ data: message });
      });
      removers.set(listener, remove);
    },
    removeEventListener(_type: string, listener: ListenerArg) {
      removers.get(listener)?.();
      removers.delete(listener);
    },
  };
}
