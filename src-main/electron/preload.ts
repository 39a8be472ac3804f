import { contextBridge, ipcRenderer, webUtils } from 'electron';

/** The page's own window (the preload is compiled without DOM types). */
const page = globalThis as unknown as { postMessage(message: string, targetOrigin: string, transfer: unknown[]): void };

/**
 * The whole preload, and it holds no logic:
 * 1. hand main's MessagePort to the page (the renderer speaks comlink over it:
 *    src-renderer/api/connection.ts);
 * 2. tell the page where a dropped or picked file is on disk, so main streams it from there
 *    instead of the page sending its bytes (src-renderer/api/native-files.ts; typed on Window in
 *    src-renderer/env.d.ts).
 */
ipcRenderer.on('barwise:port', (event) => {
  page.postMessage('barwise:port', '*', event.ports);
});

contextBridge.exposeInMainWorld('barwiseFiles', {
  pathOf: (file: Parameters<typeof webUtils.getPathForFile>[0]): string => webUtils.getPathForFile(file),
});
