import type { ChannelOutput } from '@shared/ipc/contract';
import type { SessionListRow, SessionQueryInfo } from '@shared/models/session-query';
import { invoke } from '../lib/ipc';
import { parseViewState, toSessionQuery, type ViewState } from '../lib/view-state';
import { WINDOW_SIZE } from '../lib/window-cache';

/** Keys of the persisted UI state (see `settings:get`). */
export const SETTING_KEYS = {
  view: 'sessions.view',
  savedViews: 'sessions.saved-views',
  watched: 'sessions.watched',
} as const;

export interface Prefetched {
  /** Persisted values by key; absent keys have no value. */
  settings: Record<string, unknown>;
  view: ViewState;
  /** The view's list query and its first window, or null when reading them failed. */
  list: { info: SessionQueryInfo; rows: SessionListRow[] } | null;
}

let started: Promise<Prefetched> | null = null;
let markRequestsSent: () => void = () => undefined;
const requestsSent = new Promise<void>((resolve) => (markRequestsSent = resolve));

/**
 * Reads the persisted view and opens its list with the first rows, started by `main.tsx` before
 * React and the rest of the app are even evaluated, so the first paint already has rows. Later
 * calls return the same promise; it never rejects (failures leave the slices to retry).
 */
export function prefetchSessions(): Promise<Prefetched> {
  started ??= (async () => {
    let settings: Record<string, unknown> = {};
    try {
      settings = (await invoke('settings:get', { keys: Object.values(SETTING_KEYS) })).values;
    } catch {
      markRequestsSent();
      return { settings, view: parseViewState(null), list: null };
    }
    const view = parseViewState(settings[SETTING_KEYS.view]);
    try {
      const opening = invoke('sessions:query', {
        ...toSessionQuery(view, Date.now()),
        window: { start: 0, count: WINDOW_SIZE },
      });
      markRequestsSent();
      const { rows, ...info } = await opening;
      return { settings, view, list: { info, rows } };
    } catch {
      markRequestsSent();
      return { settings, view, list: null };
    }
  })();
  return started;
}

/**
 * Resolves once the list's first rows have been asked for. `main.tsx` evaluates the app chunk
 * (a long task) only then: before, it would hold up the settings answer and with it that request.
 */
export function firstRequestsSent(): Promise<void> {
  return requestsSent;
}

let targetsPrefetch: Promise<ChannelOutput<'targets:list'>> | null = null;

/**
 * Lists the targets (they name the rows' targets and decide their actions) alongside the first
 * rows, so both are there for the first paint. `takePrefetchedTargets` hands the answer to the
 * targets slice once; later loads ask again.
 */
export function prefetchTargets(): void {
  targetsPrefetch ??= invoke('targets:list', {});
  // Consumed (and its failure handled) by the targets slice; never an unhandled rejection here.
  targetsPrefetch.catch(() => undefined);
}

export function takePrefetchedTargets(): Promise<ChannelOutput<'targets:list'>> | null {
  const taken = targetsPrefetch;
  targetsPrefetch = null;
  return taken;
}
