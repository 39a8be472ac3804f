import { app, BrowserWindow, dialog, MessageChannelMain, nativeTheme } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiSpec } from '../../src-shared/api';
import { serveApi } from '../api/serve';
import { createBarwise, type Barwise } from '../barwise';
import { APP_URL } from './app-files';
import { messagePortMainTransport } from './port-transport';
import { safeStorageSecretStore } from './secret-store';
import { hardenSession, hardenWebContents, registerAppScheme, SECURE_WEB_PREFERENCES, serveRenderer } from './security';
import { onWillPreventUnload } from './unload-prompt';

/**
 * The Electron shell, kept thin: everything behind the window is createBarwise(), the same
 * services the browser shell and the CLI run under plain Node.
 */
const here = dirname(fileURLToPath(import.meta.url));
let barwise: Barwise | undefined;

/** better-sqlite3 built for Electron's ABI by scripts/postinstall.mjs, when an Electron binary exists. */
function electronNativeBinding(): string | undefined {
  const candidates = [
    join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    join(here, '..', '..', 'native', `electron-${process.versions.modules}`, 'better_sqlite3.node'),
  ];
  return candidates.find((file) => existsSync(file));
}

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#ffffff',
    title: 'Barwise',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(here, '..', 'preload', 'index.cjs') },
  });
  // The dev server (electron-vite dev) only while developing: a packaged app never takes the
  // page it loads from its environment.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const appUrl = devUrl ?? APP_URL;
  hardenWebContents(window.webContents, appUrl);
  // The editor's unsaved-changes beforeunload gets the question a browser would ask.
  window.webContents.on('will-prevent-unload', onWillPreventUnload((prompt) => dialog.showMessageBoxSync(window, { ...prompt, buttons: [...prompt.buttons] })));

  window.webContents.on('did-finish-load', () => {
    if (!barwise) return;
    // A fresh channel per page load: the old port closes with the old page, and calls pending on
    // it reject (closableEndpoint) rather than hang.
    const { port1, port2 } = new MessageChannelMain();
    serveApi(messagePortMainTransport(port1), barwise.api, apiSpec, barwise.events);
    window.webContents.postMessage('barwise:port', null, [port2]);
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(appUrl);
}

app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  hardenSession();
  serveRenderer(join(here, '..', 'renderer'));
  // BARWISE_DATA_DIR lets the e2e suite run the real app on a fresh temp directory.
  const dataDir = process.env.BARWISE_DATA_DIR ?? app.getPath('userData');
  barwise = createBarwise({ dataDir, nativeBinding: electronNativeBinding(), secrets: safeStorageSecretStore(dataDir), watchStrategies: true, resumeOptimizations: true });
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// After the windows have closed (will-quit, not before-quit): a window whose page chose Stay
// cancels the quit, and the services must still be running behind it.
let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !barwise) return;
  event.preventDefault();
  quitting = true;
  void barwise.close().finally(() => app.quit());
});
