import type {
  ChannelInput,
  ConnectionTestResult,
  DetectedServer,
  TargetOverview,
} from '@shared/ipc/contract';
import type { SyncProgressEvent } from '@shared/models/sync';
import type { SyncState } from '@shared/models/sync-state';
import type { Target } from '@shared/models/target';
import type { StateCreator } from 'zustand';
import { invoke } from '../lib/ipc';
import { takePrefetchedTargets } from './prefetch';
import { errorMessage } from '../lib/throttle';
import type { StoreState } from './store';

export type NewTarget = ChannelInput<'targets:add'>;
export type TargetTestInput = ChannelInput<'targets:test'>;

export interface TargetsSlice {
  targets: TargetOverview[];
  targetsLoaded: boolean;
  targetsError: string | null;
  /** The latest progress event per target while it syncs. */
  progress: Record<string, SyncProgressEvent>;
  demoLoading: boolean;
  /** Dev servers found on their usual local ports; null while looking. */
  detectedServers: DetectedServer[] | null;
  loadTargets: () => Promise<void>;
  /** Syncs one target, or every enabled one without an id. */
  startSync: (targetId?: string) => Promise<void>;
  cancelSync: (targetId: string) => Promise<void>;
  addTarget: (input: NewTarget) => Promise<Target>;
  setTargetEnabled: (targetId: string, enabled: boolean) => Promise<void>;
  removeTarget: (targetId: string, keepData: boolean) => Promise<void>;
  testConnection: (input: TargetTestInput) => Promise<ConnectionTestResult>;
  scanServers: () => Promise<void>;
  loadDemo: () => Promise<void>;
  onSyncState: (state: SyncState) => void;
  onSyncProgress: (event: SyncProgressEvent) => void;
}

/**
 * Counts local edits of the list (a switch flipped before the core confirms it): a list read
 * that started before one is stale and must not flip the switch back.
 */
let localEdits = 0;

export const createTargetsSlice: StateCreator<StoreState, [], [], TargetsSlice> = (set, get) => ({
  targets: [],
  targetsLoaded: false,
  targetsError: null,
  progress: {},
  demoLoading: false,
  detectedServers: null,
  loadTargets: async () => {
    const editsBefore = localEdits;
    try {
      const targets = await (takePrefetchedTargets() ?? invoke('targets:list', {}));
      if (editsBefore !== localEdits) return;
      const syncing = new Set(targets.filter((t) => t.isSyncing).map((t) => t.target.id));
      // Progress of a sync that has ended is dropped once the list says so.
      const progress = Object.fromEntries(Object.entries(get().progress).filter(([id]) => syncing.has(id)));
      set({ targets, targetsLoaded: true, targetsError: null, progress });
      get().ensureRowActions();
    } catch (error) {
      set({ targetsLoaded: true, targetsError: errorMessage(error) });
    }
  },
  startSync: async (targetId) => {
    try {
      const { targetIds } = await invoke('sync:start', targetId ? { targetId } : {});
      if (targetIds.length === 0) get().notify('No enabled target to sync. Add or enable one in Targets.');
      set((state) => ({
        targets: state.targets.map((t) => (targetIds.includes(t.target.id) ? { ...t, isSyncing: true } : t)),
      }));
    } catch (error) {
      get().notify(`Sync could not start: ${errorMessage(error)}`, 'error');
    }
  },
  cancelSync: async (targetId) => {
    try {
      await invoke('sync:cancel', { targetId });
      await get().loadTargets();
    } catch (error) {
      get().notify(`Could not stop the sync: ${errorMessage(error)}`, 'error');
    }
  },
  addTarget: async (input) => {
    const target = await invoke('targets:add', input);
    await get().loadTargets();
    return target;
  },
  setTargetEnabled: async (targetId, enabled) => {
    // The switch follows the click at once; the list is re-read once the core agrees.
    localEdits++;
    set((state) => ({
      targets: state.targets.map((t) =>
        t.target.id === targetId ? { ...t, target: { ...t.target, enabled } } : t,
      ),
    }));
    try {
      await invoke('targets:update', { id: targetId, patch: { enabled } });
      await get().loadTargets();
      if (enabled) await get().startSync(targetId);
    } catch (error) {
      get().notify(`Could not ${enabled ? 'enable' : 'disable'} the target: ${errorMessage(error)}`, 'error');
      await get().loadTargets();
    }
  },
  removeTarget: async (targetId, keepData) => {
    try {
      const { removedSessions } = await invoke('targets:remove', { id: targetId, keepData });
      await get().loadTargets();
      get().notify(
        keepData
          ? 'Target removed; its sessions stay browsable, read-only.'
          : `Target removed with its ${removedSessions} local sessions.`,
      );
    } catch (error) {
      get().notify(`Could not remove the target: ${errorMessage(error)}`, 'error');
    }
  },
  testConnection: (input) => invoke('targets:test', input),
  scanServers: async () => {
    set({ detectedServers: null });
    try {
      set({ detectedServers: await invoke('targets:detect', {}) });
    } catch {
      set({ detectedServers: [] });
    }
  },
  loadDemo: async () => {
    set({ demoLoading: true });
    try {
      const { sessions } = await invoke('demo:load', {});
      await Promise.all([get().loadTargets(), get().refreshList()]);
      get().notify(`Loaded ${sessions} demo sessions. Remove "Demo data" in Targets to clear them.`);
    } catch (error) {
      get().notify(`Could not load the demo data: ${errorMessage(error)}`, 'error');
    } finally {
      set({ demoLoading: false });
    }
  },
  onSyncState: (state) => {
    set((current) => ({
      targets: current.targets.map((t) =>
        t.target.id === state.targetId && (t.sync === null || t.sync.scope === state.scope)
          ? { ...t, sync: state, isSyncing: state.status === 'running' }
          : t,
      ),
    }));
  },
  onSyncProgress: (event) => {
    set((current) => {
      if (event.phase === 'done') {
        const { [event.targetId]: _done, ...rest } = current.progress;
        return { progress: rest };
      }
      return { progress: { ...current.progress, [event.targetId]: event } };
    });
  },
});

export const selectTargets = (state: StoreState): TargetOverview[] => state.targets;
export const selectTargetsLoaded = (state: StoreState): boolean => state.targetsLoaded;
export const selectTargetsError = (state: StoreState): string | null => state.targetsError;
export const selectProgressOf =
  (targetId: string) =>
  (state: StoreState): SyncProgressEvent | undefined =>
    state.progress[targetId];
export const selectDetectedServers = (state: StoreState): DetectedServer[] | null => state.detectedServers;
export const selectDemoLoading = (state: StoreState): boolean => state.demoLoading;

/** The target (not its overview) with this id, for row badges. */
export const selectTargetById =
  (targetId: string) =>
  (state: StoreState): Target | undefined =>
    state.targets.find((t) => t.target.id === targetId)?.target;

/** Enabled targets whose last sync failed: the Sessions view says its data may be old. */
export const selectFailingTargets = (state: StoreState): TargetOverview[] =>
  state.targets.filter(
    (t) => t.target.enabled && t.sync !== null && ['error', 'auth-required'].includes(t.sync.status),
  );
