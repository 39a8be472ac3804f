import { wrap } from 'comlink';
import type { BarwiseApi, BarwiseClient } from '../api';
import { createClient } from '../api/client';
import type { BarwiseEvent } from '../events';
import { closableEndpoint } from './endpoint';
import { isEventEnvelope, transportEndpoint, type Transport } from './transport';

export interface Connection {
  readonly client: BarwiseClient;
  /** Main's pushed events (job status, progress); returns the unsubscribe function. */
  onEvent(listener: (event: BarwiseEvent) => void): () => void;
  onClose(listener: () => void): void;
  readonly closed: boolean;
  close(): void;
}

/**
 * The front end's side of a transport: a typed client whose calls reject with CONNECTION_CLOSED
 * (never hang) once the transport closes.
 */
export function connect(transport: Transport): Connection {
  const endpoint = closableEndpoint(transportEndpoint(transport));
  const closeListeners = new Set<() => void>();
  transport.onClose(() => {
    endpoint.close('CONNECTION_CLOSED', 'The connection to Barwise closed before the call was answered');
    for (const listener of closeListeners) listener();
  });
  const client = createClient(wrap<BarwiseApi>(endpoint) as unknown as BarwiseApi);
  return {
    client,
    onEvent(listener) {
      return transport.onMessage((message) => {
        if (isEventEnvelope(message)) listener(message.$event as BarwiseEvent);
      });
    },
    onClose(listener) {
      closeListeners.add(listener);
    },
    get closed() {
      return endpoint.closed;
    },
    close() {
      transport.close();
    },
  };
}
