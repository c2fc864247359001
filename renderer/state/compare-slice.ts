import type { CompareResult, CompareSide, CompareStep, StepPart } from '@shared/models/compare';
import { activityParts } from '@shared/models/compare-align';
import type { Run } from '@shared/models/run';
import type { Session } from '@shared/models/session';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import { errorMessage } from '../lib/throttle';
import type { StoreState } from './store';

export interface Comparison {
  /** `compareKey` of the sides it compares. */
  key: string;
  status: 'loading' | 'ready' | 'error';
  result: CompareResult | null;
  error: string | null;
}

/** The bodies of the selected row's two steps. */
export interface RowDetail {
  row: number;
  status: 'loading' | 'ready' | 'error';
  left: StepPart[];
  right: StepPart[];
  error: string | null;
}

export interface PickerRuns {
  sessionId: string;
  status: 'loading' | 'ready' | 'error';
  runs: Run[];
}

export interface CompareSlice {
  comparison: Comparison | null;
  /** Index in the comparison's rows; -1 when none is selected. */
  compareSelectedRow: number;
  compareRowDetail: RowDetail | null;
  pickerSessions: Session[];
  isPickerSearching: boolean;
  pickerRuns: PickerRuns | null;
  /** Loads the comparison of two sides unless it is already loaded or loading. */
  loadComparison: (left: CompareSide, right: CompareSide) => Promise<void>;
  /** Selects an aligned row and fetches the bodies of its steps. */
  selectCompareRow: (row: number) => Promise<void>;
  /** Sessions matching a name or prompt (the most recent ones for empty text). */
  searchPickerSessions: (text: string) => Promise<void>;
  /** The runs of a session the picker chose, to restrict a side to one of them. */
  loadPickerRuns: (sessionId: string) => Promise<void>;
  resetPicker: () => void;
}

/** Identifies a comparison: both sides with their runs. */
export function compareKey(left: CompareSide, right: CompareSide): string {
  return JSON.stringify([left.sessionId, left.runId ?? null, right.sessionId, right.runId ?? null]);
}

const PICKER_RESULTS = 10;
// Fetch bookkeeping no component renders.
let comparisonGeneration = 0;
let detailGeneration = 0;
let pickerGeneration = 0;

async function stepParts(side: CompareResult['left'], step: CompareStep | undefined): Promise<StepPart[]> {
  if (!step) return [];
  if (step.parts) return step.parts;
  if (step.seq === null) return [];
  const [item] = await invoke('sessions:activity', { id: side.session.id, fromSeq: step.seq, limit: 1 });
  return item && item.seq === step.seq ? activityParts(item) : [];
}

export const createCompareSlice: StateCreator<StoreState, [], [], CompareSlice> = (set, get) => ({
  comparison: null,
  compareSelectedRow: -1,
  compareRowDetail: null,
  pickerSessions: [],
  isPickerSearching: false,
  pickerRuns: null,
  loadComparison: async (left, right) => {
    const key = compareKey(left, right);
    const current = get().comparison;
    if (current?.key === key && current.status !== 'error') return;
    const generation = ++comparisonGeneration;
    set({
      comparison: { key, status: 'loading', result: null, error: null },
      compareSelectedRow: -1,
      compareRowDetail: null,
    });
    try {
      const result = await invoke('compare:sessions', { left, right });
      if (generation === comparisonGeneration) {
        set({ comparison: { key, status: 'ready', result, error: null } });
      }
    } catch (error) {
      if (generation === comparisonGeneration) {
        set({ comparison: { key, status: 'error', result: null, error: errorMessage(error) } });
      }
    }
  },
  selectCompareRow: async (row) => {
    const result = get().comparison?.result;
    const pair = result?.rows[row];
    if (!result || !pair) return;
    const generation = ++detailGeneration;
    set({
      compareSelectedRow: row,
      compareRowDetail: { row, status: 'loading', left: [], right: [], error: null },
    });
    try {
      const [left, right] = await Promise.all([
        stepParts(result.left, pair.left === null ? undefined : result.left.steps[pair.left]),
        stepParts(result.right, pair.right === null ? undefined : result.right.steps[pair.right]),
      ]);
      if (generation === detailGeneration) {
        set({ compareRowDetail: { row, status: 'ready', left, right, error: null } });
      }
    } catch (error) {
      if (generation === detailGeneration) {
        set({ compareRowDetail: { row, status: 'error', left: [], right: [], error: errorMessage(error) } });
      }
    }
  },
  searchPickerSessions: async (text) => {
    const generation = ++pickerGeneration;
    const trimmed = text.trim();
    set({ isPickerSearching: true });
    try {
      const firstRows = { start: 0, count: PICKER_RESULTS };
      const { queryId, rows } = await invoke('sessions:query', {
        ...(trimmed ? { text: trimmed } : {}),
        window: firstRows,
      });
      // Closed at once: only a few queries stay open per connection and the list needs one.
      void invoke('sessions:close-query', { queryId }).catch(() => undefined);
      if (generation === pickerGeneration) {
        set({ pickerSessions: rows.map((row) => row.session), isPickerSearching: false });
      }
    } catch {
      if (generation === pickerGeneration) set({ pickerSessions: [], isPickerSearching: false });
    }
  },
  loadPickerRuns: async (sessionId) => {
    set({ pickerRuns: { sessionId, status: 'loading', runs: [] } });
    try {
      // Activity from past its end: the detail's runs without any of its feed.
      const detail = await invoke('sessions:get', { id: sessionId, activityFrom: Number.MAX_SAFE_INTEGER });
      if (get().pickerRuns?.sessionId === sessionId) {
        set({ pickerRuns: { sessionId, status: 'ready', runs: detail.runs } });
      }
    } catch {
      if (get().pickerRuns?.sessionId === sessionId) {
        set({ pickerRuns: { sessionId, status: 'error', runs: [] } });
      }
    }
  },
  resetPicker: () => {
    pickerGeneration++;
    set({ pickerSessions: [], isPickerSearching: false, pickerRuns: null });
  },
});

export const selectComparison = (state: StoreState): Comparison | null => state.comparison;
export const selectCompareSelectedRow = (state: StoreState): number => state.compareSelectedRow;
export const selectCompareRowDetail = (state: StoreState): RowDetail | null => state.compareRowDetail;
export const selectPickerSessions = (state: StoreState): Session[] => state.pickerSessions;
export const selectIsPickerSearching = (state: StoreState): boolean => state.isPickerSearching;
export const selectPickerRuns = (state: StoreState): PickerRuns | null => state.pickerRuns;
