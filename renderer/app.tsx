import { useEffect } from 'react';
import { NavBar } from './components/nav-bar';
import { CompareView } from './features/compare/compare-view';
import { SessionDetailView } from './features/session-detail/session-detail-view';
import { SessionsView } from './features/sessions/sessions-view';
import { SettingsView } from './features/settings/settings-view';
import { TargetsView } from './features/targets/targets-view';
import type { Route } from './lib/route';
import { selectRoute } from './state/ui-slice';
import { useStore } from './state/store';

export function App() {
  const route = useStore(selectRoute);
  const syncRouteFromLocation = useStore((state) => state.syncRouteFromLocation);
  useEffect(() => {
    window.addEventListener('hashchange', syncRouteFromLocation);
    return () => window.removeEventListener('hashchange', syncRouteFromLocation);
  }, [syncRouteFromLocation]);

  return (
    <div className="app-shell">
      <NavBar />
      <main className="app-main">{renderView(route)}</main>
    </div>
  );
}

function renderView(route: Route) {
  switch (route.view) {
    case 'sessions':
      return <SessionsView />;
    case 'session':
      return <SessionDetailView sessionId={route.sessionId} />;
    case 'compare':
      return <CompareView />;
    case 'targets':
      return <TargetsView />;
    case 'settings':
      return <SettingsView />;
  }
}
