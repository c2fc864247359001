import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { useStore } from './state/store';

/** Renders the app into #root; the persisted view and first rows are already on their way. */
export function mountApp(): void {
  void useStore.getState().initSessions();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
