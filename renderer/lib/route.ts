import { COMPARE_TABS, type CompareTab } from '@shared/models/compare-align';

/** The tabs of a session's detail view; each is its own URL so back / forward step through them. */
export const DETAIL_TABS = ['conversation', 'activity', 'runs', 'metadata', 'trace'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** The views of the app, addressed by the URL hash so back / forward and links work. */
export type Route =
  | { view: 'sessions' }
  | { view: 'session'; sessionId: string; tab?: DetailTab }
  | { view: 'payload'; payloadId: string }
  | {
      view: 'compare';
      /** Session ids; null while that side is still to be picked. */
      left: string | null;
      right: string | null;
      /** Restricts a side to one run of its session. */
      leftRun?: string;
      rightRun?: string;
      /** The aligned steps' filter tab; All when absent. */
      tab?: CompareTab;
    }
  | { view: 'targets' }
  | { view: 'settings' };

export type ViewName = Route['view'];

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'sessions': {
      if (!parts[1]) return { view: 'sessions' };
      const tab = DETAIL_TABS.find((t) => t === parts[2]);
      return tab ? { view: 'session', sessionId: parts[1], tab } : { view: 'session', sessionId: parts[1] };
    }
    case 'payloads':
      return parts[1] ? { view: 'payload', payloadId: parts[1] } : { view: 'sessions' };
    case 'compare': {
      const route: Route = { view: 'compare', left: params.get('left'), right: params.get('right') };
      const leftRun = params.get('leftRun');
      const rightRun = params.get('rightRun');
      const tab = COMPARE_TABS.find((t) => t !== 'all' && t === params.get('tab'));
      if (route.left && leftRun) route.leftRun = leftRun;
      if (route.right && rightRun) route.rightRun = rightRun;
      if (tab) route.tab = tab;
      return route;
    }
    case 'targets':
      return { view: 'targets' };
    case 'settings':
      return { view: 'settings' };
    default:
      return { view: 'sessions' };
  }
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'sessions':
      return '#/sessions';
    case 'session': {
      const base = `#/sessions/${encodeURIComponent(route.sessionId)}`;
      return route.tab ? `${base}/${route.tab}` : base;
    }
    case 'payload':
      return `#/payloads/${encodeURIComponent(route.payloadId)}`;
    case 'compare': {
      const params = new URLSearchParams();
      if (route.left) params.set('left', route.left);
      if (route.left && route.leftRun) params.set('leftRun', route.leftRun);
      if (route.right) params.set('right', route.right);
      if (route.right && route.rightRun) params.set('rightRun', route.rightRun);
      if (route.tab && route.tab !== 'all') params.set('tab', route.tab);
      const query = params.toString();
      return query ? `#/compare?${query}` : '#/compare';
    }
    case 'targets':
      return '#/targets';
    case 'settings':
      return '#/settings';
  }
}
