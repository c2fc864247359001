import type { Span, SpanPageCursor, TraceOutline } from '@shared/models/span';
import type { StateCreator } from 'zustand';
import {
  buildTraceTree,
  collapseAll,
  expandAncestors,
  hasChildren,
  rowOfSpan,
  visibleRows,
  type TraceTree,
} from '../features/trace/trace-tree';
import { invoke } from '../lib/ipc';
import { errorMessage } from '../lib/throttle';
import type { StoreState } from './store';

export type TraceMode = 'waterfall' | 'raw';
export type TraceKey = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end' | 'left' | 'right' | 'toggle';

export interface TraceSearch {
  text: string;
  status: 'idle' | 'searching' | 'done' | 'error';
  /** Matching span indexes in tree order. */
  matches: Int32Array;
  /** 1 at the index of each matching span. */
  isMatch: Uint8Array;
  /** Which of `matches` was last shown; -1 before the first. */
  current: number;
  isTruncated: boolean;
  error: string | null;
}

export interface TraceSlice {
  traceSessionId: string | null;
  traceStatus: 'idle' | 'loading' | 'ready' | 'error';
  traceError: string | null;
  traceOutline: TraceOutline | null;
  // The tree and the visible rows derive from the outline and the collapsed set, but cost O(n)
  // at 100,000 spans: they are stored, and rebuilt by the actions that change their inputs.
  traceTree: TraceTree | null;
  /** 1 at the index of each collapsed span. */
  traceCollapsed: Uint8Array;
  /** Span index of each waterfall row. */
  traceRows: Int32Array;
  /** The selected span's index; -1 when none. */
  traceSelected: number;
  /** The selected span in full, once fetched. */
  traceDetail: { index: number; span: Span | null; error: string | null } | null;
  traceSearch: TraceSearch;
  /** Bumped when the waterfall must scroll row `row` into view. */
  traceReveal: { row: number; seq: number; align: 'center' | 'nearest' };
  traceMode: TraceMode;
  traceRaw: {
    spans: Span[];
    next: SpanPageCursor | null;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: string | null;
  };
  /** Loads a session's outline, resetting the view. */
  openTrace: (sessionId: string) => Promise<void>;
  /** Drops the loaded trace (it can be megabytes). */
  closeTrace: () => void;
  toggleSpan: (index: number) => void;
  setAllCollapsed: (isCollapsed: boolean) => void;
  /** Selects a span (-1: none), expanding its ancestors, and fetches it in full. */
  selectSpan: (index: number, reveal?: 'center' | 'nearest' | null) => void;
  /** The waterfall's keyboard: moves, expand / collapse, parent / child. */
  traceKey: (key: TraceKey) => void;
  /** Sets the search text; the search runs after a short pause in typing. */
  setTraceSearch: (text: string) => void;
  /** Selects and shows the next (1) or previous (-1) match. */
  stepTraceMatch: (delta: 1 | -1) => void;
  setTraceMode: (mode: TraceMode) => void;
  loadMoreRaw: () => Promise<void>;
}

const NO_SEARCH: TraceSearch = {
  text: '',
  status: 'idle',
  matches: new Int32Array(0),
  isMatch: new Uint8Array(0),
  current: -1,
  isTruncated: false,
  error: null,
};
const RAW_PAGE = 100;
const PAGE_ROWS = 20;
const SEARCH_DELAY_MS = 200;
const CACHED_SPANS = 200;

function initialState() {
  return {
    traceSessionId: null,
    traceStatus: 'idle' as const,
    traceError: null,
    traceOutline: null,
    traceTree: null,
    traceCollapsed: new Uint8Array(0),
    traceRows: new Int32Array(0),
    traceSelected: -1,
    traceDetail: null,
    traceSearch: NO_SEARCH,
    traceReveal: { row: -1, seq: 0, align: 'nearest' as const },
    traceMode: 'waterfall' as const,
    traceRaw: { spans: [], next: null, status: 'idle' as const, error: null },
  };
}

// Bumped by each open / close, so answers for an earlier trace are dropped.
let generation = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
// Recently fetched spans by row id, so moving back and forth with the arrows does not refetch.
const spanCache = new Map<number, Span>();
// Outline row id → span index, built on the first search of an outline.
let rowIndex: { outline: TraceOutline; byRowId: Map<number, number> } | null = null;

function indexOfRowId(outline: TraceOutline, rowId: number): number | undefined {
  if (rowIndex?.outline !== outline) {
    rowIndex = { outline, byRowId: new Map(outline.rowIds.map((id, i) => [id, i])) };
  }
  return rowIndex.byRowId.get(rowId);
}

function cancelSearch(): void {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = null;
}

export const createTraceSlice: StateCreator<StoreState, [], [], TraceSlice> = (set, get) => {
  /** Shows span `index`: expands its ancestors and asks the waterfall to scroll to its row. */
  const reveal = (index: number, align: 'center' | 'nearest') => {
    const { traceTree: tree, traceCollapsed, traceRows, traceReveal } = get();
    if (!tree) return;
    const collapsed = expandAncestors(tree, traceCollapsed, index);
    const rows = collapsed === traceCollapsed ? traceRows : visibleRows(tree, collapsed);
    set({
      traceCollapsed: collapsed,
      traceRows: rows,
      traceReveal: { row: rowOfSpan(tree, rows, index), seq: traceReveal.seq + 1, align },
    });
  };

  const fetchSpan = async (index: number) => {
    const { traceOutline: outline, traceSessionId } = get();
    const rowId = outline?.rowIds[index];
    if (rowId === undefined || traceSessionId === null) return;
    const cached = spanCache.get(rowId);
    if (cached) {
      set({ traceDetail: { index, span: cached, error: null } });
      return;
    }
    set({ traceDetail: { index, span: null, error: null } });
    const asked = generation;
    try {
      const span = await invoke('sessions:span', { id: traceSessionId, rowId });
      if (spanCache.size >= CACHED_SPANS) spanCache.delete(spanCache.keys().next().value!);
      spanCache.set(rowId, span);
      if (asked === generation && get().traceSelected === index)
        set({ traceDetail: { index, span, error: null } });
    } catch (error) {
      if (asked === generation && get().traceSelected === index)
        set({ traceDetail: { index, span: null, error: errorMessage(error) } });
    }
  };

  const runSearch = async (text: string) => {
    const { traceSessionId, traceOutline: outline, traceTree: tree } = get();
    if (!traceSessionId || !outline || !tree) return;
    const asked = generation;
    try {
      const result = await invoke('sessions:trace-search', { id: traceSessionId, text });
      if (asked !== generation || get().traceSearch.text.trim() !== text) return;
      const indexes: number[] = [];
      for (const rowId of result.rowIds) {
        const index = indexOfRowId(outline, rowId);
        if (index !== undefined) indexes.push(index);
      }
      const matches = Int32Array.from(indexes).sort((a, b) => tree.position[a]! - tree.position[b]!);
      const isMatch = new Uint8Array(outline.count);
      for (const index of matches) isMatch[index] = 1;
      set({
        traceSearch: {
          text: get().traceSearch.text,
          status: 'done',
          matches,
          isMatch,
          current: -1,
          isTruncated: result.isTruncated,
          error: null,
        },
      });
      if (matches.length > 0) get().stepTraceMatch(1);
    } catch (error) {
      if (asked !== generation) return;
      set((state) => ({
        traceSearch: { ...state.traceSearch, status: 'error', error: errorMessage(error) },
      }));
    }
  };

  return {
    ...initialState(),
    openTrace: async (sessionId) => {
      const asked = ++generation;
      cancelSearch();
      spanCache.clear();
      set({ ...initialState(), traceSessionId: sessionId, traceStatus: 'loading' });
      try {
        const outline = await invoke('sessions:trace', { id: sessionId });
        if (asked !== generation) return;
        const tree = buildTraceTree(outline.parents);
        const collapsed = new Uint8Array(outline.count);
        set({
          traceStatus: 'ready',
          traceOutline: outline,
          traceTree: tree,
          traceCollapsed: collapsed,
          traceRows: visibleRows(tree, collapsed),
        });
      } catch (error) {
        if (asked === generation) set({ traceStatus: 'error', traceError: errorMessage(error) });
      }
    },
    closeTrace: () => {
      generation++;
      cancelSearch();
      spanCache.clear();
      rowIndex = null;
      set(initialState());
    },
    toggleSpan: (index) => {
      const { traceTree: tree, traceCollapsed, traceSelected } = get();
      if (!tree || !hasChildren(tree, index)) return;
      const collapsed = traceCollapsed.slice();
      collapsed[index] = collapsed[index] ? 0 : 1;
      set({ traceCollapsed: collapsed, traceRows: visibleRows(tree, collapsed) });
      // A selection that would be hidden moves up to the span that hides it.
      const at = tree.position[index]!;
      const selectedAt = traceSelected >= 0 ? tree.position[traceSelected]! : -1;
      if (collapsed[index] && selectedAt > at && selectedAt < at + tree.size[index]!) get().selectSpan(index);
    },
    setAllCollapsed: (isCollapsed) => {
      const { traceTree: tree, traceSelected } = get();
      if (!tree) return;
      const collapsed = isCollapsed ? collapseAll(tree) : new Uint8Array(tree.count);
      set({ traceCollapsed: collapsed, traceRows: visibleRows(tree, collapsed) });
      // The selection stays; collapsing everything moves it up to its root.
      if (isCollapsed && traceSelected >= 0) {
        let root = traceSelected;
        while (tree.parent[root]! >= 0) root = tree.parent[root]!;
        get().selectSpan(root, 'nearest');
      }
    },
    selectSpan: (index, align = null) => {
      const { traceOutline: outline } = get();
      if (!outline || index >= outline.count) return;
      set({ traceSelected: index });
      if (index < 0) {
        set({ traceDetail: null });
        return;
      }
      if (align) reveal(index, align);
      void fetchSpan(index);
    },
    traceKey: (key) => {
      const { traceTree: tree, traceRows: rows, traceSelected: selected, traceCollapsed } = get();
      if (!tree || rows.length === 0) return;
      const row = selected >= 0 ? rowOfSpan(tree, rows, selected) : -1;
      const moveTo = (target: number) =>
        get().selectSpan(rows[Math.max(0, Math.min(rows.length - 1, target))]!, 'nearest');
      switch (key) {
        case 'up':
          return moveTo(row < 0 ? 0 : row - 1);
        case 'down':
          return moveTo(row + 1);
        case 'page-up':
          return moveTo(row - PAGE_ROWS);
        case 'page-down':
          return moveTo(row < 0 ? PAGE_ROWS - 1 : row + PAGE_ROWS);
        case 'home':
          return moveTo(0);
        case 'end':
          return moveTo(rows.length - 1);
      }
      if (selected < 0) return moveTo(0);
      const isOpen = hasChildren(tree, selected) && !traceCollapsed[selected];
      if (key === 'left') {
        if (isOpen) get().toggleSpan(selected);
        else if (tree.parent[selected]! >= 0) get().selectSpan(tree.parent[selected]!, 'nearest');
      } else if (key === 'right') {
        if (!hasChildren(tree, selected)) return;
        if (!isOpen) get().toggleSpan(selected);
        else get().selectSpan(tree.order[tree.position[selected]! + 1]!, 'nearest');
      } else {
        get().toggleSpan(selected);
      }
    },
    setTraceSearch: (text) => {
      cancelSearch();
      const query = text.trim();
      if (!query) {
        set({ traceSearch: { ...NO_SEARCH, text } });
        return;
      }
      set((state) => ({ traceSearch: { ...state.traceSearch, text, status: 'searching', error: null } }));
      searchTimer = setTimeout(() => {
        searchTimer = null;
        void runSearch(query);
      }, SEARCH_DELAY_MS);
    },
    stepTraceMatch: (delta) => {
      const search = get().traceSearch;
      const count = search.matches.length;
      if (count === 0) return;
      const current =
        search.current < 0 ? (delta > 0 ? 0 : count - 1) : (search.current + delta + count) % count;
      set({ traceSearch: { ...search, current } });
      get().selectSpan(search.matches[current]!, 'center');
    },
    setTraceMode: (mode) => {
      set({ traceMode: mode });
      if (mode === 'raw' && get().traceRaw.status === 'idle') void get().loadMoreRaw();
    },
    loadMoreRaw: async () => {
      const { traceSessionId, traceRaw } = get();
      if (!traceSessionId || traceRaw.status === 'loading') return;
      if (traceRaw.status === 'ready' && !traceRaw.next) return;
      const asked = generation;
      set({ traceRaw: { ...traceRaw, status: 'loading', error: null } });
      try {
        const page = await invoke('sessions:spans', {
          id: traceSessionId,
          limit: RAW_PAGE,
          ...(traceRaw.next ? { after: traceRaw.next } : {}),
        });
        if (asked !== generation) return;
        set((state) => ({
          traceRaw: {
            spans: [...state.traceRaw.spans, ...page.spans],
            next: page.next,
            status: 'ready',
            error: null,
          },
        }));
      } catch (error) {
        if (asked === generation)
          set((state) => ({ traceRaw: { ...state.traceRaw, status: 'error', error: errorMessage(error) } }));
      }
    },
  };
};

export const selectTraceStatus = (state: StoreState) => state.traceStatus;
export const selectTraceError = (state: StoreState) => state.traceError;
export const selectTraceOutline = (state: StoreState) => state.traceOutline;
export const selectTraceTree = (state: StoreState) => state.traceTree;
export const selectTraceRowCount = (state: StoreState) => state.traceRows.length;
export const selectTraceSelected = (state: StoreState) => state.traceSelected;
export const selectTraceDetail = (state: StoreState) => state.traceDetail;
export const selectTraceSearch = (state: StoreState) => state.traceSearch;
export const selectTraceReveal = (state: StoreState) => state.traceReveal;
export const selectTraceMode = (state: StoreState) => state.traceMode;
export const selectTraceRaw = (state: StoreState) => state.traceRaw;

/** The span index shown in waterfall row `row`; -1 past the end. */
export const selectTraceRowSpan =
  (row: number) =>
  (state: StoreState): number =>
    state.traceRows[row] ?? -1;
export const selectIsSpanCollapsed =
  (index: number) =>
  (state: StoreState): boolean =>
    state.traceCollapsed[index] === 1;
export const selectIsSpanMatch =
  (index: number) =>
  (state: StoreState): boolean =>
    state.traceSearch.isMatch[index] === 1;
export const selectIsCurrentMatch =
  (index: number) =>
  (state: StoreState): boolean =>
    state.traceSearch.current >= 0 && state.traceSearch.matches[state.traceSearch.current] === index;
