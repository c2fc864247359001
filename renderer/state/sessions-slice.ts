import type {
  SessionFacets,
  SessionListRow,
  SessionQueryInfo,
  SessionSortField,
} from '@shared/models/session-query';
import { IpcError } from '@shared/ipc/errors';
import type { Session } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import type { KeyCommand } from '../lib/keyboard';
import { moveFocus as nextFocus } from '../lib/keyboard';
import {
  EMPTY_SELECTION,
  extendTo,
  reanchor,
  selectAll,
  selectOnly,
  toggle,
  type SelectGesture,
  type Selection,
} from '../lib/selection';
import { debounce, errorMessage } from '../lib/throttle';
import {
  DEFAULT_VIEW,
  emptyFilters,
  toSessionQuery,
  type ViewFilters,
  type ViewState,
} from '../lib/view-state';
import {
  emptyCache,
  fetchBatches,
  idsInRange,
  indexOfSession,
  MAX_FETCH_ROWS,
  missingWindows,
  putWindows,
  rowAt,
  splitRows,
  touchWindows,
  updateSessionRows,
  windowKey,
  windowsForRange,
  WINDOW_SIZE,
  type WindowCache,
} from '../lib/window-cache';
import { prefetchSessions } from './prefetch';
import type { StoreState } from './store';

/** The most sessions one bulk action takes (the `control:bulk` limit). */
export const MAX_SELECTION = 10_000;

export interface SessionsSlice {
  view: ViewState;
  /** The search box's text; applied to the view after a short pause in typing. */
  searchDraft: string;
  listInfo: SessionQueryInfo | null;
  cache: WindowCache;
  listStatus: 'idle' | 'loading' | 'ready' | 'error';
  listError: string | null;
  facets: SessionFacets | null;
  /** What Virtuoso shows, inclusive. */
  range: { start: number; end: number };
  /** The keyboard cursor; -1 when none. */
  focusIndex: number;
  focusId: string | null;
  /** Bumped when the focused row must be scrolled into view. */
  focusSeq: number;
  /** Rows to scroll by after a live refresh moved the rows on screen (keeps the view still). */
  scrollShift: { delta: number; seq: number };
  /** Bumped when the list must go back to the top (a new filter or order). */
  scrollResetSeq: number;
  /** The list index where the table's scroll page starts (see `SessionTable`). */
  pageBase: number;
  /** A request to show list row `index` at the top (the position scrubber). */
  jump: { index: number; seq: number };
  selection: Selection;
  isSelectingAll: boolean;
  /** Loads the persisted view and targets, then opens the list. Safe to call again. */
  initSessions: () => Promise<void>;
  setFilters: (patch: Partial<ViewFilters>) => void;
  applyView: (view: ViewState) => void;
  clearFilters: () => void;
  /** Sorts by a column; the same column again flips the direction. */
  sortBy: (field: SessionSortField) => void;
  setSearchDraft: (text: string) => void;
  /** Fetches the windows around rows `start`…`end` that are not cached (Virtuoso's rangeChanged). */
  ensureRange: (start: number, end: number) => void;
  /** Reopens the query (new or changed sessions) keeping scroll position, focus and selection. */
  refreshList: () => Promise<void>;
  loadFacets: () => Promise<void>;
  selectRow: (index: number, id: string, gesture: SelectGesture) => Promise<void>;
  selectAllMatching: () => Promise<void>;
  clearSelection: () => void;
  setFocus: (index: number) => void;
  jumpTo: (index: number) => void;
  setPageBase: (base: number) => void;
  applyKey: (command: KeyCommand) => void;
  openSession: (sessionId: string) => void;
  /** The session row alone (no activity), or null when it is gone; for watching statuses. */
  peekSession: (sessionId: string) => Promise<Session | null>;
  /** Applies a control outcome's status to cached rows before the refresh confirms it. */
  patchStatuses: (statuses: ReadonlyMap<string, SessionStatus>) => void;
}

// Fetch bookkeeping that no component renders: kept out of the store.
let listGeneration = 0;
let facetGeneration = 0;
const inFlight = new Set<string>();
let initializing: Promise<void> | null = null;

export const createSessionsSlice: StateCreator<StoreState, [], [], SessionsSlice> = (set, get) => {
  /** Fetches windows of an open query; resolves with them, or null when the query was evicted. */
  const fetchWindows = async (
    info: SessionQueryInfo,
    windows: readonly number[],
  ): Promise<Map<number, (SessionListRow | null)[]> | null> => {
    const out = new Map<number, (SessionListRow | null)[]>();
    const results = await Promise.all(
      fetchBatches(windows).map(async (batch) => {
        const { rows, isStale } = await invoke('sessions:window', {
          queryId: info.queryId,
          start: batch.start,
          count: batch.count,
        });
        if (isStale) return false;
        for (const [w, slots] of splitRows(rows, batch.windows, info.total)) out.set(w, slots);
        return true;
      }),
    );
    return results.every(Boolean) ? out : null;
  };

  const afterWindowsLoaded = (): void => {
    get().ensureRowActions();
  };

  /**
   * Opens the current view's query and swaps it in with its first rows in one update, so the
   * list never flashes empty. `reset` starts at the top (a new filter); `refresh` keeps the rows
   * on screen where they are (a live change) by finding the first visible session again.
   */
  const openList = async (mode: 'reset' | 'refresh'): Promise<void> => {
    const generation = ++listGeneration;
    const before = get();
    if (!before.listInfo) set({ listStatus: 'loading' });
    const query = toSessionQuery(before.view, Date.now());
    try {
      const span = Math.max(40, before.range.end - before.range.start);
      const range = mode === 'reset' ? { start: 0, end: span } : before.range;
      // The rows to show come back with the query itself when they fit in one call; the
      // windows around them (overscan) follow once they are painted.
      const wanted = windowsForRange(range.start, range.end, Number.MAX_SAFE_INTEGER, 0);
      const inline =
        wanted.length * WINDOW_SIZE <= MAX_FETCH_ROWS
          ? { start: (wanted[0] ?? 0) * WINDOW_SIZE, count: wanted.length * WINDOW_SIZE }
          : undefined;
      const { rows, ...opened } = await invoke('sessions:query', { ...query, window: inline });
      let info: SessionQueryInfo = opened;
      const shown = windowsForRange(range.start, range.end, info.total, 0);
      let windows = inline ? splitRows(rows, shown, info.total) : await fetchWindows(info, shown);
      if (windows === null) {
        // Evicted between open and fetch by another query (the palette's): open once more.
        info = await invoke('sessions:query', query);
        windows =
          (await fetchWindows(info, windowsForRange(range.start, range.end, info.total))) ?? new Map();
      }
      if (generation !== listGeneration) {
        void invoke('sessions:close-query', { queryId: info.queryId }).catch(() => undefined);
        return;
      }
      const current = get();
      const cache = putWindows(emptyCache(info.queryId), windows);
      let shift = 0;
      if (mode === 'refresh' && current.range.start > 0) {
        const anchorId = rowAt(current.cache, current.range.start)?.session.id;
        const index = anchorId ? indexOfSession(cache, anchorId) : -1;
        if (index !== -1) shift = index - current.range.start;
      }
      // A new filter or order starts without a focus, unless the user moved it meanwhile.
      const isFocusKept = mode === 'refresh' || current.focusSeq !== before.focusSeq;
      let focusIndex = isFocusKept ? current.focusIndex : -1;
      let focusId = isFocusKept ? current.focusId : null;
      if (focusId) {
        const index = indexOfSession(cache, focusId);
        if (index !== -1) focusIndex = index;
        else if (focusIndex >= info.total) focusIndex = info.total - 1;
      }
      if (focusIndex === -1) focusId = null;
      set({
        listInfo: info,
        cache,
        listStatus: 'ready',
        listError: null,
        focusIndex,
        focusId,
        selection: reanchor(current.selection, (id) => indexOfSession(cache, id)),
        ...(shift !== 0 ? { scrollShift: { delta: shift, seq: current.scrollShift.seq + 1 } } : {}),
        ...(mode === 'reset' ? { scrollResetSeq: current.scrollResetSeq + 1, range, pageBase: 0 } : {}),
      });
      if (current.listInfo && current.listInfo.queryId !== info.queryId) {
        void invoke('sessions:close-query', { queryId: current.listInfo.queryId }).catch(() => undefined);
      }
      // The windows around the rows on screen (the overscan) follow once these are painted.
      requestAnimationFrame(() => setTimeout(() => get().ensureRange(get().range.start, get().range.end)));
      afterWindowsLoaded();
    } catch (error) {
      if (generation === listGeneration) set({ listStatus: 'error', listError: errorMessage(error) });
    }
  };

  const loadFacetsSoon = debounce(() => void get().loadFacets(), 150);
  const changeView = (view: ViewState): void => {
    set({ view });
    get().persistView(view);
    // Facets after the rows, and only once the filters settle: the core answers one call at a
    // time, and counting facets over a million sessions must not delay the rows of the next
    // change when the user clicks through filters.
    void openList('reset').then(() => loadFacetsSoon());
  };

  const applySearch = debounce((text: string) => {
    const { view } = get();
    if (view.filters.text === text) return;
    changeView({ ...view, filters: { ...view.filters, text } });
  }, 250);

  /** Ids of rows `from`…`to`, fetching the windows not cached (shift-click over a long range). */
  const resolveRange = async (from: number, to: number): Promise<string[]> => {
    const { cache, listInfo } = get();
    const cached = idsInRange(cache, from, to);
    if (cached.isComplete || !listInfo) return cached.ids;
    const lo = Math.min(from, to);
    const hi = Math.min(Math.max(from, to), lo + MAX_SELECTION - 1);
    const ids: string[] = [];
    for (let start = lo; start <= hi; start += MAX_FETCH_ROWS) {
      const { rows } = await invoke('sessions:window', {
        queryId: listInfo.queryId,
        start,
        count: Math.min(MAX_FETCH_ROWS, hi - start + 1),
      });
      for (const row of rows) ids.push(row.session.id);
    }
    return ids;
  };

  return {
    view: DEFAULT_VIEW,
    searchDraft: '',
    listInfo: null,
    cache: emptyCache(-1),
    listStatus: 'idle',
    listError: null,
    facets: null,
    range: { start: 0, end: 40 },
    focusIndex: -1,
    focusId: null,
    focusSeq: 0,
    scrollShift: { delta: 0, seq: 0 },
    scrollResetSeq: 0,
    jump: { index: 0, seq: 0 },
    pageBase: 0,
    selection: EMPTY_SELECTION,
    isSelectingAll: false,

    initSessions: () => {
      initializing ??= (async () => {
        set({ listStatus: 'loading' });
        const [view, prefetched] = await Promise.all([get().loadSettings(), prefetchSessions()]);
        set({ view, searchDraft: view.filters.text });
        const list = prefetched.list;
        if (list && get().listInfo === null) {
          set({
            listInfo: list.info,
            cache: putWindows(emptyCache(list.info.queryId), splitRows(list.rows, [0], list.info.total)),
            listStatus: 'ready',
          });
          afterWindowsLoaded();
        } else {
          await openList('reset');
        }
        void get().loadFacets();
      })();
      return initializing;
    },
    setFilters: (patch) => {
      const { view } = get();
      if ('text' in patch) set({ searchDraft: patch.text ?? '' });
      changeView({ ...view, filters: { ...view.filters, ...patch } });
    },
    applyView: (view) => {
      set({ searchDraft: view.filters.text });
      changeView(view);
    },
    clearFilters: () => {
      set({ searchDraft: '' });
      changeView({ ...get().view, filters: emptyFilters() });
    },
    sortBy: (field) => {
      const { view } = get();
      const direction = view.sort.field === field && view.sort.direction === 'desc' ? 'asc' : 'desc';
      changeView({ ...view, sort: { field, direction } });
    },
    setSearchDraft: (text) => {
      set({ searchDraft: text });
      applySearch(text);
    },

    ensureRange: (start, end) => {
      const { listInfo, range } = get();
      if (range.start !== start || range.end !== end) set({ range: { start, end } });
      if (!listInfo) return;
      const needed = windowsForRange(start, end, listInfo.total);
      const touched = touchWindows(get().cache, needed);
      if (touched !== get().cache) set({ cache: touched });
      const missing = missingWindows(touched, needed, inFlight);
      if (missing.length === 0) return;
      const keys = missing.map((w) => windowKey(listInfo.queryId, w));
      for (const key of keys) inFlight.add(key);
      void fetchWindows(listInfo, missing)
        .then((windows) => {
          if (windows === null) return get().refreshList();
          if (get().cache.queryId !== listInfo.queryId) return;
          set({ cache: putWindows(get().cache, windows) });
          afterWindowsLoaded();
        })
        .catch((error: unknown) => set({ listError: errorMessage(error) }))
        .finally(() => {
          for (const key of keys) inFlight.delete(key);
        });
    },
    refreshList: () => openList(get().listInfo ? 'refresh' : 'reset'),
    loadFacets: async () => {
      const generation = ++facetGeneration;
      try {
        const facets = await invoke('sessions:facets', toSessionQuery(get().view, Date.now()));
        if (generation === facetGeneration) set({ facets });
      } catch {
        // Counts are a hint; the list itself reports query errors.
      }
    },

    selectRow: async (index, id, gesture) => {
      const { selection } = get();
      set({ focusIndex: index, focusId: id });
      if (gesture === 'replace') return set({ selection: selectOnly(index, id) });
      if (gesture === 'toggle') return set({ selection: toggle(selection, index, id) });
      if (!selection.anchor) return set({ selection: selectOnly(index, id) });
      const ids = await resolveRange(selection.anchor.index, index);
      set({ selection: extendTo(get().selection, index, ids, id) });
    },
    selectAllMatching: async () => {
      const { listInfo } = get();
      if (!listInfo || listInfo.total === 0) return;
      set({ isSelectingAll: true });
      try {
        const ids = await resolveRange(0, Math.min(listInfo.total, MAX_SELECTION) - 1);
        set({ selection: selectAll(ids) });
        if (listInfo.total > MAX_SELECTION) {
          get().notify(
            `Selected the first ${MAX_SELECTION.toLocaleString('en-US')} of ${listInfo.total.toLocaleString('en-US')} matching sessions, the most one action takes.`,
          );
        }
      } catch (error) {
        get().notify(`Could not select all: ${errorMessage(error)}`, 'error');
      } finally {
        set({ isSelectingAll: false });
      }
    },
    clearSelection: () => set({ selection: EMPTY_SELECTION }),
    setFocus: (index) => {
      const row = rowAt(get().cache, index);
      set({ focusIndex: index, focusId: row?.session.id ?? null, focusSeq: get().focusSeq + 1 });
    },
    setPageBase: (pageBase) => set({ pageBase }),
    jumpTo: (index) => {
      const total = get().listInfo?.total ?? 0;
      if (total === 0) return;
      set({ jump: { index: Math.max(0, Math.min(total - 1, Math.round(index))), seq: get().jump.seq + 1 } });
    },
    applyKey: (command) => {
      const state = get();
      const total = state.listInfo?.total ?? 0;
      switch (command.type) {
        case 'move':
        case 'move-to': {
          const index = nextFocus(state.focusIndex, command, total);
          if (index === -1) return;
          state.setFocus(index);
          const row = rowAt(get().cache, index);
          if (command.type === 'move' && command.extend && row) {
            const ids = new Set(state.selection.ids);
            ids.add(row.session.id);
            const previous = rowAt(get().cache, state.focusIndex);
            if (previous) ids.add(previous.session.id);
            set({ selection: { ids, anchor: state.selection.anchor } });
          }
          return;
        }
        case 'open': {
          const row = rowAt(state.cache, state.focusIndex);
          if (row) state.openSession(row.session.id);
          return;
        }
        case 'toggle-select': {
          const row = rowAt(state.cache, state.focusIndex);
          if (row) set({ selection: toggle(state.selection, state.focusIndex, row.session.id) });
          return;
        }
        case 'select-all':
          void state.selectAllMatching();
          return;
        case 'clear':
          state.clearSelection();
          return;
        case 'focus-search':
        case 'palette':
          return;
      }
    },
    openSession: (sessionId) => get().navigate({ view: 'session', sessionId }),
    peekSession: async (sessionId) => {
      try {
        // Starting past any feed's end returns the session without its activity items.
        const detail = await invoke('sessions:get', { id: sessionId, activityFrom: 2 ** 31 });
        return detail.session;
      } catch (error) {
        if (error instanceof IpcError && error.code === 'not-found') return null;
        throw error;
      }
    },
    patchStatuses: (statuses) => {
      if (statuses.size === 0) return;
      set({
        cache: updateSessionRows(get().cache, new Set(statuses.keys()), (row) => ({
          ...row,
          session: { ...row.session, status: statuses.get(row.session.id) ?? row.session.status },
        })),
      });
      get().ensureRowActions();
    },
  };
};

export const selectViewState = (state: StoreState): ViewState => state.view;
export const selectFilters = (state: StoreState): ViewFilters => state.view.filters;
export const selectSort = (state: StoreState): ViewState['sort'] => state.view.sort;
export const selectSearchDraft = (state: StoreState): string => state.searchDraft;
export const selectListInfo = (state: StoreState): SessionQueryInfo | null => state.listInfo;
export const selectTotal = (state: StoreState): number => state.listInfo?.total ?? 0;
export const selectListStatus = (state: StoreState): SessionsSlice['listStatus'] => state.listStatus;
export const selectListError = (state: StoreState): string | null => state.listError;
export const selectFacets = (state: StoreState): SessionFacets | null => state.facets;
export const selectSelection = (state: StoreState): Selection => state.selection;
export const selectSelectionSize = (state: StoreState): number => state.selection.ids.size;
export const selectIsSelectingAll = (state: StoreState): boolean => state.isSelectingAll;
export const selectFocusIndex = (state: StoreState): number => state.focusIndex;
export const selectFocusSeq = (state: StoreState): number => state.focusSeq;
export const selectScrollShift = (state: StoreState): SessionsSlice['scrollShift'] => state.scrollShift;
export const selectScrollResetSeq = (state: StoreState): number => state.scrollResetSeq;
export const selectPageBase = (state: StoreState): number => state.pageBase;
export const selectJump = (state: StoreState): SessionsSlice['jump'] => state.jump;
export const selectRange = (state: StoreState): SessionsSlice['range'] => state.range;

/** The row at a list index: the row, null if deleted, undefined while loading. */
export const selectRowAt =
  (index: number) =>
  (state: StoreState): SessionListRow | null | undefined =>
    rowAt(state.cache, index);

export const selectIsRowSelected =
  (sessionId: string | undefined) =>
  (state: StoreState): boolean =>
    sessionId !== undefined && state.selection.ids.has(sessionId);

export const selectIsRowFocused =
  (index: number) =>
  (state: StoreState): boolean =>
    state.focusIndex === index;
