import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { useStore } from './state/store';

/**
 * How long the first render waits for the persisted view, the first rows and the targets. They
 * were requested before this chunk loaded and are usually here already; waiting for them makes
 * the first paint the full list instead of an empty shell that is laid out and painted again a
 * moment later. A slow core only delays the first paint by this much.
 */
const FIRST_RENDER_WAIT_MS = 300;

/** Renders the app into #root; the persisted view and first rows are already on their way. */
export async function mountApp(): Promise<void> {
  const { initSessions, loadTargets } = useStore.getState();
  await Promise.race([
    Promise.all([initSessions(), loadTargets()]),
    new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS)),
  ]);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
