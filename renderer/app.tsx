import { lazy, Suspense, useEffect } from 'react';
import { ConfirmDialog } from './components/confirm-dialog';
import { NavBar } from './components/nav-bar';
import { Notices } from './components/notices';
import { ActionPalette } from './features/palette/action-palette';
import { SessionsView } from './features/sessions/sessions-view';
import { SettingsView } from './features/settings/settings-view';
import { TargetsView } from './features/targets/targets-view';
import type { Route } from './lib/route';
import { startLiveUpdates } from './state/live';
import { selectRoute } from './state/ui-slice';
import { useStore } from './state/store';

// Views the Sessions list does not need load on first use, so the first paint waits for less
// script (markdown, the trace, Monaco and the compare view are their own chunks).
const SessionDetailView = lazy(() =>
  import('./features/session-detail/session-detail-view').then((m) => ({ default: m.SessionDetailView })),
);
const CompareView = lazy(() =>
  import('./features/compare/compare-view').then((m) => ({ default: m.CompareView })),
);
const PayloadPage = lazy(() =>
  import('./features/payload-viewer/payload-page').then((m) => ({ default: m.PayloadPage })),
);

export function App() {
  const route = useStore(selectRoute);
  const syncRouteFromLocation = useStore((state) => state.syncRouteFromLocation);
  const openPalette = useStore((state) => state.openPalette);
  useEffect(() => {
    window.addEventListener('hashchange', syncRouteFromLocation);
    return () => window.removeEventListener('hashchange', syncRouteFromLocation);
  }, [syncRouteFromLocation]);
  useEffect(() => startLiveUpdates(), []);
  useEffect(() => {
    // Fetch the detail view's chunk once the list has painted, so opening a session never waits for it.
    const timer = setTimeout(() => void import('./features/session-detail/session-detail-view'), 1500);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    // Ctrl/⌘-K opens the action palette from every view.
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        openPalette();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openPalette]);

  return (
    <div className="app-shell">
      <NavBar />
      <main className="app-main">
        <Suspense fallback={<p className="view muted">Loading…</p>}>{renderView(route)}</Suspense>
      </main>
      <ActionPalette />
      <ConfirmDialog />
      <Notices />
    </div>
  );
}

function renderView(route: Route) {
  switch (route.view) {
    case 'sessions':
      return <SessionsView />;
    case 'session':
      return <SessionDetailView sessionId={route.sessionId} tab={route.tab ?? 'conversation'} />;
    case 'payload':
      return <PayloadPage payloadId={route.payloadId} />;
    case 'compare':
      return <CompareView />;
    case 'targets':
      return <TargetsView />;
    case 'settings':
      return <SettingsView />;
  }
}
