import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin, Rolldown } from 'vite';
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
 * main.tsx loads the app (`./root`) with a dynamic import, so the browser would only discover
 * that chunk and its imports after the entry ran. Preload links in index.html fetch them in
 * parallel with the entry instead.
 */
function preloadAppChunks(): Plugin {
  return {
    name: 'tracedeck-preload-app',
    apply: 'build',
    transformIndexHtml(_html, context) {
      const bundle = context.bundle ?? {};
      const chunks = Object.values(bundle).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
      const app = chunks.find((c) => c.facadeModuleId === r('renderer/root.tsx'));
      if (!app) throw new Error('preloadAppChunks: no chunk for renderer/root.tsx');
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName) || fileName === context.chunk?.fileName) return;
        files.add(fileName);
        for (const imported of (bundle[fileName] as Rolldown.OutputChunk | undefined)?.imports ?? [])
          visit(imported);
      };
      visit(app.fileName);
      return [...files].map((file) => ({
        tag: 'link',
        attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
        injectTo: 'head' as const,
      }));
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
        entry: { index: r('electron/main/index.ts'), web: r('electron/main/web.ts') },
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
    plugins: [react(), contentSecurityPolicy(), preloadAppChunks()],
    worker: { format: 'es' },
    build: { minify: true, rolldownOptions: { input: r('renderer/index.html') } },
  },
});
