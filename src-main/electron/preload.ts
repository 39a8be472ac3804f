import { ipcRenderer } from 'electron';

/** The page's own window (the preload is compiled without DOM types). */
const page = globalThis as unknown as { postMessage(message: string, targetOrigin: string, transfer: unknown[]): void };

/**
 * The whole preload: hand main's MessagePort to the page. It holds no logic and exposes no API;
 * the renderer speaks comlink over the port (src-renderer/api/connection.ts).
 */
ipcRenderer.on('barwise:port', (event) => {
  page.postMessage('barwise:port', '*', event.ports);
});
