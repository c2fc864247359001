import type { ChannelInput } from '@shared/ipc/contract';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import { debounce, errorMessage } from '../lib/throttle';
import { parseSavedViews, type SavedView, type ViewState } from '../lib/view-state';
import { prefetchSessions, SETTING_KEYS } from './prefetch';
import type { StoreState } from './store';

export interface SettingsSlice {
  settingsLoaded: boolean;
  savedViews: SavedView[];
  /** Sessions whose failure or request for input raises a notification. */
  watched: string[];
  /** Reads the persisted state once; resolves with the view to restore. */
  loadSettings: () => Promise<ViewState>;
  /** Remembers the Sessions view's filters and order (debounced). */
  persistView: (view: ViewState) => void;
  saveCurrentView: (name: string) => void;
  deleteSavedView: (id: string) => void;
  toggleWatch: (sessionId: string) => void;
  watchSessions: (sessionIds: readonly string[]) => void;
  unwatchSessions: (sessionIds: readonly string[]) => void;
}

let loading: Promise<ViewState> | null = null;

export const createSettingsSlice: StateCreator<StoreState, [], [], SettingsSlice> = (set, get) => {
  const write = (key: string, value: ChannelInput<'settings:set'>['value']): void => {
    invoke('settings:set', { key, value }).catch((error: unknown) =>
      get().notify(`Could not save settings: ${errorMessage(error)}`, 'error'),
    );
  };
  const writeView = debounce((view: ViewState) => write(SETTING_KEYS.view, view), 400);
  const setWatched = (watched: string[]): void => {
    set({ watched });
    write(SETTING_KEYS.watched, watched);
  };

  return {
    settingsLoaded: false,
    savedViews: [],
    watched: [],
    loadSettings: () => {
      loading ??= prefetchSessions().then(({ settings, view }) => {
        const watched = Array.isArray(settings[SETTING_KEYS.watched])
          ? (settings[SETTING_KEYS.watched] as unknown[]).filter((id): id is string => typeof id === 'string')
          : [];
        set({
          settingsLoaded: true,
          savedViews: parseSavedViews(settings[SETTING_KEYS.savedViews]),
          watched,
        });
        return view;
      });
      return loading;
    },
    persistView: (view) => writeView(view),
    saveCurrentView: (name) => {
      const trimmed = name.trim().slice(0, 80);
      if (!trimmed) return;
      const view = get().view;
      const others = get().savedViews.filter((v) => v.name !== trimmed);
      const savedViews = [
        ...others,
        { id: `${Date.now().toString(36)}-${others.length}`, name: trimmed, view },
      ];
      set({ savedViews });
      write(SETTING_KEYS.savedViews, savedViews);
    },
    deleteSavedView: (id) => {
      const savedViews = get().savedViews.filter((v) => v.id !== id);
      set({ savedViews });
      write(SETTING_KEYS.savedViews, savedViews);
    },
    toggleWatch: (sessionId) => {
      const watched = get().watched;
      if (watched.includes(sessionId)) setWatched(watched.filter((id) => id !== sessionId));
      else get().watchSessions([sessionId]);
    },
    watchSessions: (sessionIds) => {
      const watched = get().watched;
      const added = sessionIds.filter((id) => !watched.includes(id));
      if (added.length === 0) return;
      // A user gesture is the moment browsers allow asking; Electron grants it without asking.
      if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
        void Notification.requestPermission().catch(() => undefined);
      }
      // Bounded so a bulk action on thousands of sessions does not make a huge watch list.
      setWatched([...watched, ...added].slice(-200));
    },
    unwatchSessions: (sessionIds) => {
      const drop = new Set(sessionIds);
      const watched = get().watched;
      if (watched.some((id) => drop.has(id))) setWatched(watched.filter((id) => !drop.has(id)));
    },
  };
};

export const selectSavedViews = (state: StoreState): SavedView[] => state.savedViews;
export const selectWatched = (state: StoreState): string[] => state.watched;
export const selectIsWatched =
  (sessionId: string) =>
  (state: StoreState): boolean =>
    state.watched.includes(sessionId);
