import type { Route, ViewName } from '../lib/route';
import { selectNavigate, selectView } from '../state/ui-slice';
import { useStore } from '../state/store';

const ITEMS: { view: ViewName; label: string; route: Route }[] = [
  { view: 'sessions', label: 'Sessions', route: { view: 'sessions' } },
  { view: 'compare', label: 'Compare', route: { view: 'compare', left: null, right: null } },
  { view: 'targets', label: 'Targets', route: { view: 'targets' } },
  { view: 'settings', label: 'Settings', route: { view: 'settings' } },
];

export function NavBar() {
  const view = useStore(selectView);
  const navigate = useStore(selectNavigate);
  const activeView = view === 'session' || view === 'payload' ? 'sessions' : view;
  return (
    <nav className="nav-bar" aria-label="Main">
      <div className="nav-brand">Tracedeck</div>
      {ITEMS.map((item) => (
        <button
          key={item.view}
          type="button"
          className="nav-item"
          data-testid={`nav-${item.view}`}
          aria-current={activeView === item.view ? 'page' : undefined}
          onClick={() => navigate(item.route)}
        >
          {item.label}
        </button>
      ))}
    </nav>
  );
}
