import type { ActivityItem } from '@shared/models/activity';
import type { ActionAvailability } from '@shared/models/capabilities';
import type { SessionDetail } from '@shared/models/session-detail';
import type { ChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import { errorMessage } from '../lib/throttle';
import type { StoreState } from './store';

/** Items per follow-up activity request after the first window `sessions:get` brings. */
const ACTIVITY_CHUNK = 2000;
/** How far back a live refresh re-reads the feed: the last items may have changed state. */
const LIVE_OVERLAP = 50;

export interface DetailSlice {
  detailId: string | null;
  detailStatus: 'idle' | 'loading' | 'ready' | 'missing' | 'error';
  detailError: string | null;
  /** The session, its runs and counts; `activity` in it is only the first window. */
  detail: SessionDetail | null;
  /** The feed loaded so far, in seq order from 0 (seq = index). */
  activity: readonly ActivityItem[];
  /** What the user may do to the open session, from `control:describe`. */
  detailActions: ActionAvailability[] | null;
  /** Opens a session: its first window at once, then the rest of the feed in the background. */
  openDetail: (sessionId: string) => Promise<void>;
  /** Re-reads the open session's row, runs and the end of its feed (live updates). */
  refreshDetail: () => Promise<void>;
  /** Answers a session waiting for human input; the source resumes it. */
  respondToDetail: (response: unknown) => Promise<boolean>;
  /** Downloads the open session as a bundle file. */
  exportDetail: () => Promise<void>;
  /** Imports a bundle file and opens the imported session. */
  importBundle: (file: File) => Promise<void>;
}

// Bumped on every open so a slow response for a previous session is dropped.
let generation = 0;

function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own copy once started; freeing on the next turn is safe.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const createDetailSlice: StateCreator<StoreState, [], [], DetailSlice> = (set, get) => {
  /** Loads the feed after `from` (exclusive of what is loaded) until `total`, in chunks. */
  async function loadRest(sessionId: string, mine: number): Promise<void> {
    for (;;) {
      const { activity, detail } = get();
      if (mine !== generation || !detail || activity.length >= detail.activityTotal) return;
      const from = activity.length;
      const chunk = await invoke('sessions:activity', {
        id: sessionId,
        fromSeq: from,
        limit: ACTIVITY_CHUNK,
      });
      if (mine !== generation) return;
      if (chunk.length === 0) return;
      set({ activity: [...get().activity.slice(0, from), ...chunk] });
    }
  }

  async function loadActions(sessionId: string, mine: number): Promise<void> {
    try {
      const actions = await invoke('control:describe', { sessionIds: [sessionId] });
      if (mine === generation) set({ detailActions: actions });
    } catch {
      if (mine === generation) set({ detailActions: [] });
    }
  }

  return {
    detailId: null,
    detailStatus: 'idle',
    detailError: null,
    detail: null,
    activity: [],
    detailActions: null,
    openDetail: async (sessionId) => {
      const mine = ++generation;
      set({
        detailId: sessionId,
        detailStatus: 'loading',
        detailError: null,
        detail: null,
        activity: [],
        detailActions: null,
      });
      try {
        const detail = await invoke('sessions:get', { id: sessionId });
        if (mine !== generation) return;
        set({ detail, activity: detail.activity, detailStatus: 'ready' });
        void loadActions(sessionId, mine);
        await loadRest(sessionId, mine);
      } catch (error) {
        if (mine !== generation) return;
        if (error instanceof IpcError && error.code === 'not-found') set({ detailStatus: 'missing' });
        else set({ detailStatus: 'error', detailError: errorMessage(error) });
      }
    },
    refreshDetail: async () => {
      const { detailId, detail, activity } = get();
      if (!detailId || !detail) return;
      const mine = generation;
      const from = Math.max(0, Math.min(activity.length, detail.activityTotal) - LIVE_OVERLAP);
      try {
        const fresh = await invoke('sessions:get', { id: detailId, activityFrom: from });
        if (mine !== generation) return;
        // The feed shrank (a resync replaced it): the kept items may be gone too, read it anew.
        if (fresh.activityTotal < from) return void get().openDetail(detailId);
        const statusChanged = fresh.session.status !== detail.session.status;
        set({ detail: fresh, activity: [...get().activity.slice(0, from), ...fresh.activity] });
        if (statusChanged) void loadActions(detailId, mine);
        await loadRest(detailId, mine);
      } catch (error) {
        if (mine !== generation) return;
        // Deleted (locally or at the source on a full resync) while open.
        if (error instanceof IpcError && error.code === 'not-found') set({ detailStatus: 'missing' });
      }
    },
    respondToDetail: async (response) => {
      const { detailId } = get();
      if (!detailId) return false;
      try {
        const outcome = await invoke('control:respond', {
          sessionId: detailId,
          response: response as ChannelInput<'control:respond'>['response'],
        });
        if (!outcome.ok) {
          get().notify(outcome.error?.message ?? 'The target refused the response', 'error');
          return false;
        }
        get().notify('Response sent; the session resumes.');
        void get().refreshDetail();
        return true;
      } catch (error) {
        get().notify(`Could not send the response: ${errorMessage(error)}`, 'error');
        return false;
      }
    },
    exportDetail: async () => {
      const { detailId } = get();
      if (!detailId) return;
      try {
        const { fileName, json } = await invoke('sessions:export', { id: detailId });
        downloadText(fileName, json, 'application/json');
      } catch (error) {
        get().notify(`Could not export the session: ${errorMessage(error)}`, 'error');
      }
    },
    importBundle: async (file) => {
      try {
        const { sessionId } = await invoke('sessions:import', { json: await file.text() });
        // The import may have created its origin's target: the header names it.
        await get().loadTargets();
        get().notify(`Imported “${file.name}”.`);
        get().openSession(sessionId);
      } catch (error) {
        get().notify(`Could not import “${file.name}”: ${errorMessage(error)}`, 'error');
      }
    },
  };
};

export const selectDetail = (state: StoreState) => state.detail;
export const selectActivity = (state: StoreState) => state.activity;
