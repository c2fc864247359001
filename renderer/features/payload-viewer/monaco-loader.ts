import type * as MonacoSetup from './monaco-setup';

export type MonacoViewerApi = typeof MonacoSetup;

let loading: Promise<MonacoViewerApi> | null = null;

/** Monaco and the viewer's setup, imported on first use (its own chunk); retried after a failure. */
export function loadMonaco(): Promise<MonacoViewerApi> {
  loading ??= import('./monaco-setup').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Starts loading Monaco while a body is still being fetched and formatted, so both happen at
 * once; a failure is reported by the editor that needs it.
 */
export function preloadMonaco(): void {
  loadMonaco().catch(() => undefined);
}
