import { protocol, session, type CustomScheme, type WebContents } from 'electron';
import { APP_SCHEME, appFileHandler } from './app-files';
import { isAppNavigation } from './navigation';
import { appContentSecurityPolicy } from './renderer-csp';

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

/**
 * app:// as a standard, secure scheme: a real origin (app://barwise) for relative URLs, module
 * scripts and CSP's 'self', and a secure context. bypassCSP and corsEnabled stay off: the first
 * would exempt the scheme from the policy, the second would let other origins read its files
 * without any Access-Control-Allow-Origin check.
 */
const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Must run before the app is ready (Electron fixes scheme privileges at startup). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/**
 * Serves the built renderer on app://barwise/ with the CSP in every response's headers: unlike
 * file://, a protocol.handle response carries headers the page is held to.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, appFileHandler(rendererDir, appContentSecurityPolicy()));
}

/** Session-wide: every permission request denied. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Per window: no navigation away from the app's page, no redirects, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppNavigation(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
