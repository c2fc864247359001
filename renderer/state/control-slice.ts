import type { ControlOutcome } from '@shared/ipc/contract';
import { describeActions, ALL_CAPABILITIES, type ActionAvailability } from '@shared/models/capabilities';
import type { ControlAction, SessionStatus } from '@shared/models/status';
import { actionsForSelection, DESTRUCTIVE_ACTIONS } from '@shared/models/status';
import type { Target } from '@shared/models/target';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import { errorMessage } from '../lib/throttle';
import type { WindowCache } from '../lib/window-cache';
import type { StoreState } from './store';

/** A control request waiting for the user to confirm it (cancel and delete cannot be undone). */
export interface PendingAction {
  action: ControlAction;
  sessionIds: string[];
  /** A name to show when it is one session. */
  label: string | null;
}

export interface BulkResult {
  action: ControlAction;
  outcomes: ControlOutcome[];
  /** Session names by id, for the report. */
  names: Record<string, string>;
}

export interface ControlSlice {
  /** What each (target, status) pair offers, from `control:describe`; keyed by `availabilityKey`. */
  availability: Record<string, ActionAvailability[]>;
  /** The actions offered for the current multi-selection, and for which selection. */
  selectionActions: { key: string; actions: ActionAvailability[] | null } | null;
  pendingAction: PendingAction | null;
  isActing: boolean;
  bulkResult: BulkResult | null;
  /** Describes the actions of every (target, status) pair among the cached rows not known yet. */
  ensureRowActions: () => void;
  /** Forgets what targets allow (a target changed). */
  invalidateActions: () => void;
  loadSelectionActions: () => Promise<void>;
  /** Confirms destructive actions first; sends the others at once. */
  requestAction: (action: ControlAction, sessionIds: readonly string[], label?: string | null) => void;
  confirmPendingAction: () => Promise<void>;
  dismissPendingAction: () => void;
  dismissBulkResult: () => void;
}

export function availabilityKey(targetId: string, status: SessionStatus): string {
  return `${targetId}|${status}`;
}

export function selectionKey(ids: ReadonlySet<string>): string {
  return [...ids].sort().join(',');
}

/**
 * Actions of read-only or disabled targets, worked out here: the core would first ask the
 * target what it supports, which for a removed or demo target means a network call that fails.
 */
function localAvailability(target: Target, statuses: readonly SessionStatus[]): ActionAvailability[] {
  const actions = actionsForSelection(statuses);
  const status = statuses[0] ?? 'completed';
  const described = describeActions(status, ALL_CAPABILITIES, { readOnly: true, denied: {} });
  return actions.map((action) => ({
    action,
    enabled: false,
    reason: target.readOnly
      ? (described.find((d) => d.action === action)?.reason ?? 'This target is read-only')
      : `${target.name} is disabled: enable it in Targets to control its sessions`,
  }));
}

const pendingKeys = new Set<string>();

function rowsOf(cache: WindowCache): { id: string; targetId: string; status: SessionStatus }[] {
  const out: { id: string; targetId: string; status: SessionStatus }[] = [];
  for (const rows of cache.windows.values()) {
    for (const row of rows) {
      if (row) out.push({ id: row.session.id, targetId: row.session.targetId, status: row.session.status });
    }
  }
  return out;
}

export const createControlSlice: StateCreator<StoreState, [], [], ControlSlice> = (set, get) => {
  const targetOf = (targetId: string): Target | undefined =>
    get().targets.find((t) => t.target.id === targetId)?.target;

  const sessionInfo = (ids: readonly string[]) => {
    const byId = new Map(rowsOf(get().cache).map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  };

  const nameOf = (id: string): string => {
    for (const rows of get().cache.windows.values()) {
      const row = rows.find((r) => r?.session.id === id);
      if (row) return row.session.name ?? row.session.prompt?.slice(0, 80) ?? id;
    }
    return id;
  };

  const send = async (action: ControlAction, sessionIds: readonly string[]): Promise<void> => {
    set({ isActing: true });
    const names = Object.fromEntries(sessionIds.slice(0, 200).map((id) => [id, nameOf(id)]));
    try {
      const outcomes =
        sessionIds.length === 1
          ? [await sendOne(action, sessionIds[0] as string)]
          : await invoke('control:bulk', { action, sessionIds: [...sessionIds] });
      const statuses = new Map<string, SessionStatus>();
      for (const outcome of outcomes)
        if (outcome.ok && outcome.status) statuses.set(outcome.sessionId, outcome.status);
      get().patchStatuses(statuses);
      if (action === 'pause' || action === 'resume') {
        get().watchSessions(outcomes.filter((o) => o.ok).map((o) => o.sessionId));
      }
      if (action === 'delete') {
        const deleted = outcomes.filter((o) => o.ok).map((o) => o.sessionId);
        get().unwatchSessions(deleted);
        const ids = new Set(get().selection.ids);
        for (const id of deleted) ids.delete(id);
        set({ selection: { ids, anchor: null } });
      }
      if (outcomes.length === 1) {
        const [outcome] = outcomes;
        if (outcome && !outcome.ok) {
          get().notify(`${capitalize(action)} failed: ${outcome.error?.message ?? 'unknown error'}`, 'error');
        }
      } else {
        set({ bulkResult: { action, outcomes, names } });
      }
      void get().refreshList();
      void get().loadSelectionActions();
    } catch (error) {
      get().notify(`${capitalize(action)} failed: ${errorMessage(error)}`, 'error');
    } finally {
      set({ isActing: false });
    }
  };

  return {
    availability: {},
    selectionActions: null,
    pendingAction: null,
    isActing: false,
    bulkResult: null,

    ensureRowActions: () => {
      // Which targets are read-only decides what needs asking; `loadTargets` calls back here.
      if (!get().targetsLoaded) return;
      const groups = new Map<string, { id: string; targetId: string; status: SessionStatus }>();
      const known = get().availability;
      for (const row of rowsOf(get().cache)) {
        const key = availabilityKey(row.targetId, row.status);
        if (!(key in known) && !pendingKeys.has(key) && !groups.has(key)) groups.set(key, row);
      }
      if (groups.size === 0) return;
      const local: Record<string, ActionAvailability[]> = {};
      for (const [key, row] of groups) {
        const target = targetOf(row.targetId);
        if (target && (target.readOnly || !target.enabled)) {
          local[key] = localAvailability(target, [row.status]);
          groups.delete(key);
        } else if (actionsForSelection([row.status]).length === 0) {
          local[key] = [];
          groups.delete(key);
        }
      }
      if (Object.keys(local).length > 0) set({ availability: { ...get().availability, ...local } });
      // Actions depend on the target and the status only, so one session stands for its group.
      for (const [key, row] of groups) {
        pendingKeys.add(key);
        invoke('control:describe', { sessionIds: [row.id] })
          .then((actions) => set({ availability: { ...get().availability, [key]: actions } }))
          .catch(() => undefined)
          .finally(() => pendingKeys.delete(key));
      }
    },
    invalidateActions: () => set({ availability: {} }),
    loadSelectionActions: async () => {
      const { ids } = get().selection;
      if (ids.size === 0) return set({ selectionActions: null });
      const key = selectionKey(ids);
      const previous = get().selectionActions;
      set({ selectionActions: { key, actions: previous?.key === key ? previous.actions : null } });
      const list = [...ids];
      const infos = sessionInfo(list).filter((info) => info !== undefined);
      let actions: ActionAvailability[];
      const targets =
        infos.length === list.length ? [...new Set(infos.map((info) => info.targetId))].map(targetOf) : [];
      const first = targets[0];
      if (first && targets.every((t) => t && (t.readOnly || !t.enabled))) {
        actions = localAvailability(
          first,
          infos.map((info) => info.status),
        );
      } else {
        try {
          actions = await invoke('control:describe', { sessionIds: list });
        } catch (error) {
          get().notify(`Could not check the actions: ${errorMessage(error)}`, 'error');
          actions = [];
        }
      }
      if (selectionKey(get().selection.ids) === key) set({ selectionActions: { key, actions } });
    },
    requestAction: (action, sessionIds, label = null) => {
      if (sessionIds.length === 0) return;
      if (DESTRUCTIVE_ACTIONS.has(action)) {
        set({ pendingAction: { action, sessionIds: [...sessionIds], label } });
        return;
      }
      void send(action, sessionIds);
    },
    confirmPendingAction: async () => {
      const pending = get().pendingAction;
      if (!pending) return;
      set({ pendingAction: null });
      await send(pending.action, pending.sessionIds);
    },
    dismissPendingAction: () => set({ pendingAction: null }),
    dismissBulkResult: () => set({ bulkResult: null }),
  };
};

function sendOne(action: ControlAction, sessionId: string): Promise<ControlOutcome> {
  switch (action) {
    case 'pause':
      return invoke('control:pause', { sessionId });
    case 'resume':
      return invoke('control:resume', { sessionId });
    case 'cancel':
      return invoke('control:cancel', { sessionId });
    case 'delete':
      return invoke('control:delete', { sessionId });
    case 'respond':
      // Answering needs the user's input: the session view asks for it.
      return invoke('control:bulk', { action, sessionIds: [sessionId] }).then(
        ([outcome]) => outcome as ControlOutcome,
      );
  }
}

function capitalize(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

export const selectAvailability =
  (targetId: string | undefined, status: SessionStatus | undefined) =>
  (state: StoreState): ActionAvailability[] | undefined =>
    targetId && status ? state.availability[availabilityKey(targetId, status)] : undefined;
export const selectSelectionActions = (state: StoreState): ControlSlice['selectionActions'] =>
  state.selectionActions;
export const selectPendingAction = (state: StoreState): PendingAction | null => state.pendingAction;
export const selectIsActing = (state: StoreState): boolean => state.isActing;
export const selectBulkResult = (state: StoreState): BulkResult | null => state.bulkResult;
