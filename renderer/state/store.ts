import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The one renderer store, assembled from slices. Components read it through selectors only. */
export type StoreState = UiSlice & AppSlice;

export const useStore = create<StoreState>()((...args) => ({
  ...createUiSlice(...args),
  ...createAppSlice(...args),
}));
