import { useEffect } from 'react';
import { ConfirmDialog } from './components/confirm-dialog';
import { NavBar } from './components/nav-bar';
import { Notices } from './components/notices';
import { ActionPalette } from './features/palette/action-palette';
import { SessionsView } from './features/sessions/sessions-view';
import { SettingsView } from './features/settings/settings-view';
import { TargetsView } from './features/targets/targets-view';
import type { Route } from './lib/route';
import { lazyView } from './lib/lazy-view';
import { startLiveUpdates } from './state/live';
import { selectRoute } from './state/ui-slice';
import { useStore } from './state/store';

// Views the Sessions list does not need load on first use, so the first paint waits for less
// script (markdown, the trace, Monaco and the compare view are their own chunks).
const SessionDetailView = lazyView(() =>
  import('./features/session-detail/session-detail-view').then((m) => m.SessionDetailView),
);
const CompareView = lazyView(() => import('./features/compare/compare-view').then((m) => m.CompareView));
const PayloadPage = lazyView(() =>
  import('./features/payload-viewer/payload-page').then((m) => m.PayloadPage),
);

export function App() {
  const route = useStore(selectRoute);
  const syncRouteFromLocation = useStore((state) => state.syncRouteFromLocation);
  const openPalette = useStore((state) => state.openPalette);
  useEffect(() => {
    window.addEventListener('hashchange', syncRouteFromLocation);
    // The hash may have changed between the store reading it and this first mount.
    syncRouteFromLocation();
    return () => window.removeEventListener('hashchange', syncRouteFromLocation);
  }, [syncRouteFromLocation]);
  useEffect(() => startLiveUpdates(), []);
  useEffect(() => {
    // Fetch the detail view's chunk once the first paint is done and the page is idle, so opening
    // a session never waits for it.
    const handle = requestIdleCallback(
      () => {
        void SessionDetailView.preload();
        void import('./components/markdown').then((m) => m.warmUpMarkdown());
      },
      { timeout: 2000 },
    );
    return () => cancelIdleCallback(handle);
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
      <main className="app-main">{renderView(route)}</main>
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
