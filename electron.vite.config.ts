import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './electron/main/bridge/security';

const r = (path: string): string => resolve(import.meta.dirname, path);
const alias = { '@shared': r('shared') };

/** Electron loads index.html from disk, so the CSP travels inside it (the bridge also sends it as a header). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'tracedeck-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      externalizeDeps: true,
      lib: {
        // web.ts is the plain-Node entry of the web bridge; it shares every module but Electron's.
        // fetch-worker is the sync's worker thread, which both entries start from beside them
        // (`?modulePath` cannot bundle a worker while the main build is in lib mode).
        entry: {
          index: r('electron/main/index.ts'),
          web: r('electron/main/web.ts'),
          'fetch-worker': r('electron/main/sync/fetch-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    // A sandboxed preload cannot require packages, so its few dependencies are bundled.
    build: { externalizeDeps: false, lib: { entry: r('electron/preload/index.ts'), formats: ['cjs'] } },
  },
  renderer: {
    root: r('renderer'),
    resolve: { alias },
    plugins: [react(), contentSecurityPolicy()],
    worker: { format: 'es' },
    build: { minify: true, rolldownOptions: { input: r('renderer/index.html') } },
  },
});
