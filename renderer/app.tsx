import { useEffect } from 'react';
import { ConfirmDialog } from './components/confirm-dialog';
import { NavBar } from './components/nav-bar';
import { Notices } from './components/notices';
import { CompareView } from './features/compare/compare-view';
import { PayloadPage } from './features/payload-viewer/payload-page';
import { ActionPalette } from './features/palette/action-palette';
import { SessionDetailView } from './features/session-detail/session-detail-view';
import { SessionsView } from './features/sessions/sessions-view';
import { SettingsView } from './features/settings/settings-view';
import { TargetsView } from './features/targets/targets-view';
import type { Route } from './lib/route';
import { startLiveUpdates } from './state/live';
import { selectRoute } from './state/ui-slice';
import { useStore } from './state/store';

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
