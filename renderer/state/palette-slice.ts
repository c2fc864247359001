import type { Session } from '@shared/models/session';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import type { StoreState } from './store';

export interface PaletteSlice {
  isPaletteOpen: boolean;
  /** Sessions whose name or content matched the palette's text. */
  paletteSessions: Session[];
  isPaletteSearching: boolean;
  openPalette: () => void;
  closePalette: () => void;
  /** Looks sessions up by text with a short-lived list query of its own. */
  searchPalette: (text: string) => Promise<void>;
}

const RESULTS = 8;
let searchGeneration = 0;

export const createPaletteSlice: StateCreator<StoreState, [], [], PaletteSlice> = (set) => ({
  isPaletteOpen: false,
  paletteSessions: [],
  isPaletteSearching: false,
  openPalette: () => set({ isPaletteOpen: true, paletteSessions: [] }),
  closePalette: () => set({ isPaletteOpen: false, paletteSessions: [], isPaletteSearching: false }),
  searchPalette: async (text) => {
    const generation = ++searchGeneration;
    const trimmed = text.trim();
    if (trimmed.length < 2) return set({ paletteSessions: [], isPaletteSearching: false });
    set({ isPaletteSearching: true });
    try {
      const firstRows = { start: 0, count: RESULTS };
      const { queryId, rows } = await invoke('sessions:query', { text: trimmed, window: firstRows });
      // Closed at once: only a few queries stay open per connection and the list needs one.
      void invoke('sessions:close-query', { queryId }).catch(() => undefined);
      if (generation === searchGeneration) {
        set({ paletteSessions: rows.map((row) => row.session), isPaletteSearching: false });
      }
    } catch {
      if (generation === searchGeneration) set({ paletteSessions: [], isPaletteSearching: false });
    }
  },
});

export const selectIsPaletteOpen = (state: StoreState): boolean => state.isPaletteOpen;
export const selectPaletteSessions = (state: StoreState): Session[] => state.paletteSessions;
export const selectIsPaletteSearching = (state: StoreState): boolean => state.isPaletteSearching;
