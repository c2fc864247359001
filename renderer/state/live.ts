import type { SessionStatus } from '@shared/models/status';
import { STATUS_LABELS } from '@shared/models/status';
import { onEvent } from '../lib/ipc';
import { showNotification } from '../lib/notifications';
import { throttle } from '../lib/throttle';
import { selectionKey } from './control-slice';
import { useStore } from './store';

const LIST_TABLES = new Set(['sessions', 'session_facets', 'targets']);
const TARGET_TABLES = new Set(['targets', 'sync_state']);
// What an open session's detail view shows.
const DETAIL_TABLES = new Set(['sessions', 'runs', 'activity_items', 'control_entries', 'spans', 'payloads']);

// Last known status of each watched session, to notice the change to Failed / Waiting.
const watchedStatuses = new Map<string, SessionStatus>();

async function checkWatched(): Promise<void> {
  // The most recently watched first; a bounded number per check keeps this cheap.
  const watched = useStore.getState().watched.slice(-50);
  for (const id of watched) {
    let status: SessionStatus;
    let name: string;
    try {
      // Past the end of the feed: the session row without its activity.
      const detail = await useStore.getState().peekSession(id);
      if (!detail) {
        watchedStatuses.delete(id);
        continue;
      }
      status = detail.status;
      name = detail.name ?? detail.component.name ?? id;
    } catch {
      continue;
    }
    const before = watchedStatuses.get(id);
    watchedStatuses.set(id, status);
    if (before === undefined || before === status) continue;
    if (status === 'failed' || status === 'waiting') {
      showNotification(
        `${name}: ${STATUS_LABELS[status]}`,
        status === 'failed' ? 'The session failed.' : 'The session is waiting for your input.',
        () => useStore.getState().openSession(id),
      );
    }
    if (status === 'completed' || status === 'canceled' || status === 'failed') {
      useStore.getState().unwatchSessions([id]);
    }
  }
}

/**
 * Follows the core's push events for the whole app: refetches what a write made stale (the list
 * keeps its place), tracks sync progress, and notifies about watched sessions. Returns the
 * unsubscribe function.
 */
export function startLiveUpdates(): () => void {
  const store = useStore.getState;
  const refreshList = throttle(() => {
    void store()
      .refreshList()
      .then(() => store().loadFacets());
  }, 700);
  // Sync state events already update the cards; the full list (session counts) can lag a little.
  const refreshTargets = throttle(() => void store().loadTargets(), 2_000);
  const refreshWatched = throttle(() => void checkWatched(), 2_000);
  const refreshSelection = throttle(() => void store().loadSelectionActions(), 300);
  // Running sessions tail live: their new items arrive with each sync refresh.
  const refreshDetail = throttle(() => void store().refreshDetail(), 700);

  const unsubscribers = [
    onEvent('db:changed', ({ tables }) => {
      if (tables.some((t) => LIST_TABLES.has(t)) && store().listInfo) refreshList();
      if (tables.some((t) => TARGET_TABLES.has(t))) refreshTargets();
      if (tables.some((t) => DETAIL_TABLES.has(t)) && store().route.view === 'session') refreshDetail();
      if (tables.includes('targets')) store().invalidateActions();
      if (tables.includes('sessions') && store().watched.length > 0) refreshWatched();
    }),
    onEvent('sync:state', (state) => {
      store().onSyncState(state);
      // A finished sync changes the counts and times the cards show: re-read at once.
      if (state.status === 'running') refreshTargets();
      else void store().loadTargets();
    }),
    onEvent('sync:progress', (event) => {
      store().onSyncProgress(event);
      if (event.phase === 'done') void store().loadTargets();
    }),
    useStore.subscribe((state, previous) => {
      if (
        state.selection !== previous.selection &&
        selectionKey(state.selection.ids) !== selectionKey(previous.selection.ids)
      ) {
        refreshSelection();
      }
      if (state.watched !== previous.watched) refreshWatched();
    }),
  ];
  const clock = setInterval(() => store().tickClock(), 15_000);
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    refreshList.cancel();
    refreshTargets.cancel();
    refreshWatched.cancel();
    refreshSelection.cancel();
    refreshDetail.cancel();
    clearInterval(clock);
  };
}
