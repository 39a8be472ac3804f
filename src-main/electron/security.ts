import { session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../shell/csp';

/** Window options that must never change: the renderer is an untrusted, sandboxed page. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;

/** Session-wide: the CSP header on every response, and every permission request denied. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] },
    });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Per window: no navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  const appOrigin = new URL(appUrl).origin;
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== appOrigin || !url.startsWith(appUrl.split('#')[0] ?? appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
