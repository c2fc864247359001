import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from './core';
import { MigrationError } from './db/migrate';
import { handlers } from './ipc/handlers';
import { warmUp } from './ipc/warm-up';
import { attachEvents, registerIpc } from './ipc/register';
import type { SecretCipher } from './lib/secrets';

// The composition root of the desktop app: the only file besides ipc/register.ts that boots
// or imports Electron. Everything it wires together also runs under plain Node (see web.ts).

const rendererDevUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const appOrigin = rendererDevUrl ? new URL(rendererDevUrl).origin : null;

function isAppUrl(url: string): boolean {
  if (appOrigin) return url.startsWith(`${appOrigin}/`) || url === appOrigin;
  return url.split(/[?#]/)[0] === pathToFileURL(rendererFile).href;
}

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Tracedeck',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  attachEvents(win.webContents);
  if (rendererDevUrl) void win.loadURL(rendererDevUrl);
  else void win.loadFile(rendererFile);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.whenReady().then(() => {
    const dataDir = process.env.TRACEDECK_DATA_DIR ?? app.getPath('userData');
    try {
      core = createCore({
        dataDir,
        appVersion: app.getVersion(),
        transport: 'electron',
        secretCipher: keychainCipher(),
        autoSync: true,
        fetchWorkerPath: join(import.meta.dirname, 'fetch-worker.js'),
        openPath: async (path) => {
          // shell.openPath resolves with an error message, empty on success.
          const failure = await shell.openPath(path);
          if (failure) throw new Error(failure);
        },
      });
    } catch (error) {
      const detail = error instanceof MigrationError ? error.message : String(error);
      dialog.showErrorBox('Tracedeck cannot open its database', detail);
      app.exit(1);
      return;
    }
    registerIpc(handlers, core.deps, isAppUrl);
    mainWindow = createWindow();
    // While the window's renderer starts, so its first calls find a warm core.
    const started = core;
    setImmediate(() => void warmUp(handlers, started.deps));
    mainWindow.on('closed', () => (mainWindow = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Closing waits for sync runs to cancel and the database to close, then quits for real.
  app.on('before-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.quit());
  });
}

/** Credentials sealed by the OS keychain through safeStorage, when the OS offers one. */
function keychainCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    id: 'safe-storage',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
