import type { Transport } from '../../src-shared/rpc/transport';

/**
 * The part of Electron's MessagePortMain this adapter uses. It is a Node EventEmitter whose
 * 'message' listeners get `{ data, ports }` (not a DOM MessageEvent) and that emits 'close' when
 * either side closes — which is why comlink's node adapter does not fit it unchanged.
 */
export interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** A Transport over Electron's MessagePortMain (main's end of the renderer's port). */
export function messagePortMainTransport(port: MessagePortMainLike): Transport {
  let closed = false;
  port.on('close', () => {
    closed = true;
  });
  const transport: Transport = {
    send(message) {
      if (closed) throw new Error('The renderer port is closed');
      port.postMessage(message);
    },
    onMessage(listener) {
      const onMessage = (event: { data: unknown }) => listener(event.data);
      port.on('message', onMessage);
      return () => port.off('message', onMessage);
    },
    onClose(listener) {
      port.on('close', listener);
    },
    close() {
      port.close();
    },
  };
  port.start();
  return transport;
}
