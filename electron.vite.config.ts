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

/**
 * main.tsx loads the app (`./root`) with a dynamic import once its first requests are out, so the
 * browser would only start fetching that chunk then. A preload link in index.html fetches it in
 * parallel with the entry instead. Only that chunk: its small companions (runtime, store) follow
 * when the import runs, and the browser's six connections to the bridge stay free for the
 * entry's first calls.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'tracedeck-preload-app',
    apply: 'build',
    transformIndexHtml(_html, context) {
      const app = Object.values(context.bundle ?? {}).find(
        (output) => output.type === 'chunk' && output.facadeModuleId === r('renderer/root.tsx'),
      );
      if (!app) throw new Error('preloadAppChunk: no chunk for renderer/root.tsx');
      return [
        {
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${app.fileName}` },
          injectTo: 'head',
        },
      ];
    },
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
    plugins: [react(), contentSecurityPolicy(), preloadAppChunk()],
    worker: { format: 'es' },
    build: {
      minify: true,
      rolldownOptions: {
        input: r('renderer/index.html'),
        // The renderer uses the shared modules' value lists and helpers, never their schemas: with
        // every `z.…` call marked pure, the unused schemas (and zod with them) drop out of the bundle.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  },
});
