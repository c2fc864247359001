import type { StateCreator } from 'zustand';
import { formatRoute, parseRoute, type Route } from '../lib/route';
import type { StoreState } from './store';

export interface UiSlice {
  route: Route;
  /** Changes view; the URL hash follows so back / forward and in-app links work. */
  navigate: (route: Route) => void;
  /** Follows the hash when the user goes back or forward. */
  syncRouteFromLocation: () => void;
}

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  route: parseRoute(window.location.hash),
  navigate: (route) => {
    const hash = formatRoute(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
  syncRouteFromLocation: () => set({ route: parseRoute(window.location.hash) }),
});

export const selectRoute = (state: StoreState): Route => state.route;
export const selectView = (state: StoreState): Route['view'] => state.route.view;
export const selectNavigate = (state: StoreState): UiSlice['navigate'] => state.navigate;
