import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createCompareSlice, type CompareSlice } from './compare-slice';
import { createControlSlice, type ControlSlice } from './control-slice';
import { createDetailSlice, type DetailSlice } from './detail-slice';
import { createPaletteSlice, type PaletteSlice } from './palette-slice';
import { createSessionsSlice, type SessionsSlice } from './sessions-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createTargetsSlice, type TargetsSlice } from './targets-slice';
import { createTraceSlice, type TraceSlice } from './trace-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The one renderer store, assembled from slices. Components read it through selectors only. */
export type StoreState = UiSlice &
  AppSlice &
  SettingsSlice &
  SessionsSlice &
  TargetsSlice &
  ControlSlice &
  DetailSlice &
  PaletteSlice &
  TraceSlice &
  CompareSlice;

export const useStore = create<StoreState>()((...args) => ({
  ...createUiSlice(...args),
  ...createAppSlice(...args),
  ...createSettingsSlice(...args),
  ...createSessionsSlice(...args),
  ...createTargetsSlice(...args),
  ...createControlSlice(...args),
  ...createDetailSlice(...args),
  ...createPaletteSlice(...args),
  ...createTraceSlice(...args),
  ...createCompareSlice(...args),
}));
