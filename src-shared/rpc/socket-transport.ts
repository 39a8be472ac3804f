import { decode, encode } from './codec';
import type { Transport } from './transport';

/** The part of a WebSocket (browser or the `ws` package) a transport needs. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  readonly readyState: number;
}

const OPEN = 1;

/** A Transport over a WebSocket; messages are JSON with typed arrays (see codec.ts). */
export function socketTransport(socket: SocketLike): Transport {
  return {
    send(message) {
      if (socket.readyState !== OPEN) throw new Error('The connection to Barwise is closed');
      socket.send(encode(message));
    },
    onMessage(listener) {
      const onMessage = (event: { data: unknown }) => {
        const text = typeof event.data === 'string' ? event.data : String(event.data);
        let message: unknown;
        try {
          message = decode(text);
        } catch {
          return; // Not ours: ignore rather than let one bad frame kill the connection.
        }
        listener(message);
      };
      socket.addEventListener('message', onMessage);
      return () => socket.removeEventListener('message', onMessage);
    },
    onClose(listener) {
      socket.addEventListener('close', listener);
    },
    close() {
      socket.close();
    },
  };
}
