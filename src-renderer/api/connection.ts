import { connect, type Connection } from '../../src-shared/rpc/connect';
import { socketTransport, type SocketLike } from '../../src-shared/rpc/socket-transport';
import type { Transport } from '../../src-shared/rpc/transport';

/** In Electron the page is loaded from app://barwise/ (or the dev server) and main hands over a MessagePort. */
export const inElectron = () => location.protocol === 'app:' || navigator.userAgent.includes('Electron');

function portTransport(port: MessagePort): Transport {
  const closeListeners: Array<() => void> = [];
  port.addEventListener('close', () => closeListeners.forEach((l) => l()));
  port.start();
  return {
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data);
      port.addEventListener('message', onMessage);
      return () => port.removeEventListener('message', onMessage);
    },
    onClose: (listener) => void closeListeners.push(listener),
    close: () => port.close(),
  };
}

function electronTransport(): Promise<Transport> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window || event.data !== 'barwise:port' || !event.ports[0]) return;
      window.removeEventListener('message', onMessage);
      resolve(portTransport(event.ports[0]));
    };
    window.addEventListener('message', onMessage);
  });
}

function shellTransport(): Promise<Transport> {
  return new Promise((resolve, reject) => {
    // The launch token is in an HttpOnly cookie the shell set; the browser sends it with the upgrade.
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
    socket.addEventListener('open', () => resolve(socketTransport(socket as unknown as SocketLike)), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not connect to the Barwise shell')), { once: true });
  });
}

/** Connects to main over whichever transport this page runs on. */
export async function openConnection(): Promise<Connection> {
  return connect(await (inElectron() ? electronTransport() : shellTransport()));
}
