import type { AppInfo } from '@shared/ipc/contract';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import type { StoreState } from './store';

export interface AppSlice {
  appInfo: AppInfo | null;
  appInfoError: string | null;
  loadAppInfo: () => Promise<void>;
}

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set) => ({
  appInfo: null,
  appInfoError: null,
  loadAppInfo: async () => {
    try {
      set({ appInfo: await invoke('app:info', {}), appInfoError: null });
    } catch (error) {
      set({ appInfoError: error instanceof Error ? error.message : String(error) });
    }
  },
});

export const selectAppInfo = (state: StoreState): AppInfo | null => state.appInfo;
export const selectAppInfoError = (state: StoreState): string | null => state.appInfoError;
export const selectLoadAppInfo = (state: StoreState): AppSlice['loadAppInfo'] => state.loadAppInfo;
