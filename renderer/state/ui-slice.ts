import type { StateCreator } from 'zustand';
import { formatRoute, parseRoute, type Route } from '../lib/route';
import type { StoreState } from './store';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface UiSlice {
  route: Route;
  /** Epoch ms, ticking every few seconds so relative times ("5 min ago") stay true. */
  now: number;
  notices: Notice[];
  /** The Sessions view's filter panel, folded away on narrow windows. */
  isFilterPanelHidden: boolean;
  /** Changes view; the URL hash follows so back / forward and in-app links work. */
  navigate: (route: Route) => void;
  /** Follows the hash when the user goes back or forward. */
  syncRouteFromLocation: () => void;
  tickClock: () => void;
  /** Shows a short message (an action's failure, a hint) that goes away by itself. */
  notify: (text: string, tone?: Notice['tone']) => void;
  dismissNotice: (id: number) => void;
  toggleFilterPanel: () => void;
}

let nextNoticeId = 1;

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  route: parseRoute(window.location.hash),
  now: Date.now(),
  notices: [],
  isFilterPanelHidden: false,
  navigate: (route) => {
    const hash = formatRoute(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
  syncRouteFromLocation: () =>
    set((state) => {
      const route = parseRoute(window.location.hash);
      return formatRoute(route) === formatRoute(state.route) ? state : { route };
    }),
  tickClock: () => set({ now: Date.now() }),
  notify: (text, tone = 'info') => {
    const id = nextNoticeId++;
    set((state) => ({ notices: [...state.notices.slice(-3), { id, text, tone }] }));
    setTimeout(() => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })), 8_000);
  },
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
  toggleFilterPanel: () => set((state) => ({ isFilterPanelHidden: !state.isFilterPanelHidden })),
});

export const selectRoute = (state: StoreState): Route => state.route;
export const selectView = (state: StoreState): Route['view'] => state.route.view;
export const selectNavigate = (state: StoreState): UiSlice['navigate'] => state.navigate;
export const selectNow = (state: StoreState): number => state.now;
export const selectNotices = (state: StoreState): Notice[] => state.notices;
export const selectIsFilterPanelHidden = (state: StoreState): boolean => state.isFilterPanelHidden;
