import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { CoreDeps } from '../core';
import { listSyncStates } from '../db/sync-state-repo';
import { getTarget, listTargets } from '../db/targets-repo';

/** Starts syncing one target or every enabled one; returns at once, progress comes as events. */
export function startSync(
  input: ParsedChannelInput<'sync:start'>,
  deps: CoreDeps,
): ChannelOutput<'sync:start'> {
  const targets = input.targetId ? [getTarget(deps.db, input.targetId)] : listTargets(deps.db);
  if (input.targetId && !targets[0]) throw new IpcError('not-found', 'No such target');
  const targetIds = targets.filter((t) => t !== null && (t.enabled || input.targetId)).map((t) => t!.id);
  for (const id of targetIds) void deps.sync.sync(id, input.mode).catch(() => undefined);
  return { targetIds };
}

export function cancelSync(
  input: ParsedChannelInput<'sync:cancel'>,
  deps: CoreDeps,
): ChannelOutput<'sync:cancel'> {
  const wasRunning = deps.sync.engine.isSyncing(input.targetId);
  deps.sync.engine.cancel(input.targetId);
  return { wasRunning };
}

export function listSyncStatesHandler(
  _input: ParsedChannelInput<'sync:states'>,
  deps: CoreDeps,
): ChannelOutput<'sync:states'> {
  return listSyncStates(deps.db);
}
