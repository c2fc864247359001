import type { ChannelOutput, ParsedChannelInput, TargetDiscovery } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import { describeSourceError } from '@shared/models/sync';
import type { TargetKind } from '@shared/models/target';
import type { CoreDeps } from '../core';
import { getSyncState } from '../db/sync-state-repo';
import { sessionCountsByTarget } from '../db/sync-repo';
import { createTarget, deleteTarget, getTarget, listTargets, updateTarget } from '../db/targets-repo';
import { AGENTOS_DEFAULT_PORTS } from '../sync/connectors/agentos/connector';
import { toSourceError } from '../sync/errors';

export function listTargetOverviews(
  _input: ParsedChannelInput<'targets:list'>,
  deps: CoreDeps,
): ChannelOutput<'targets:list'> {
  const counts = sessionCountsByTarget(deps.db);
  return listTargets(deps.db).map((target) => ({
    target,
    sync: getSyncState(deps.db, target.id),
    sessionCount: counts.get(target.id) ?? 0,
    nextSyncAt: target.enabled ? deps.sync.nextSyncOf(target.id) : null,
    isSyncing: deps.sync.engine.isSyncing(target.id),
  }));
}

export function addTarget(
  input: ParsedChannelInput<'targets:add'>,
  deps: CoreDeps,
): ChannelOutput<'targets:add'> {
  const { credential, ...fields } = input;
  requireCredential(fields.authMode, credential ?? null);
  const target = createTarget(deps.store, { ...fields, hasCredential: credential !== undefined }, deps.now());
  if (credential !== undefined) deps.secrets.set(target.id, credential);
  if (target.enabled) void deps.sync.sync(target.id).catch(() => undefined);
  return target;
}

export function editTarget(
  input: ParsedChannelInput<'targets:update'>,
  deps: CoreDeps,
): ChannelOutput<'targets:update'> {
  const current = getTarget(deps.db, input.id);
  if (!current) throw new IpcError('not-found', 'No such target');
  const { credential, ...patch } = input.patch;
  const authMode = patch.authMode ?? current.authMode;
  const hasCredential = credential === undefined ? current.hasCredential : credential !== null;
  if (authMode !== 'none' && !hasCredential) {
    throw new IpcError('invalid-input', 'This authentication mode needs a key or token');
  }
  if (credential === null) deps.secrets.delete(current.id);
  else if (credential !== undefined) deps.secrets.set(current.id, credential);
  const target = updateTarget(deps.store, current.id, { ...patch, hasCredential }, deps.now());
  if (!target) throw new IpcError('not-found', 'No such target');
  if (!target.enabled) deps.sync.engine.cancel(target.id);
  return target;
}

/**
 * Removes a target. With `keepData` its sessions stay browsable: the target is disabled and its
 * credential forgotten, so nothing syncs or reaches the source again.
 */
export function removeTarget(
  input: ParsedChannelInput<'targets:remove'>,
  deps: CoreDeps,
): ChannelOutput<'targets:remove'> {
  const target = getTarget(deps.db, input.id);
  if (!target) throw new IpcError('not-found', 'No such target');
  deps.sync.engine.cancel(target.id);
  deps.secrets.delete(target.id);
  if (input.keepData) {
    updateTarget(deps.store, target.id, { enabled: false, hasCredential: false, readOnly: true }, deps.now());
    return { removedSessions: 0 };
  }
  const removedSessions = sessionCountsByTarget(deps.db).get(target.id) ?? 0;
  deleteTarget(deps.store, target.id);
  return { removedSessions };
}

export async function testTargetConnection(
  input: ParsedChannelInput<'targets:test'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'targets:test'>> {
  const credential = input.credential ?? (input.targetId ? deps.secrets.get(input.targetId) : null);
  try {
    requireCredential(input.authMode, credential);
    const connector = deps.sync.connectorFor({ id: input.targetId ?? '', ...input }, credential);
    const discovery: TargetDiscovery = await connector.discover(AbortSignal.timeout(15_000));
    return { ok: true, discovery };
  } catch (caught) {
    if (caught instanceof IpcError) throw caught;
    const error = toSourceError(caught);
    return {
      ok: false,
      error: {
        code: error.code,
        message: describeSourceError(error.code),
        detail: error.detail ?? error.message,
      },
    };
  }
}

const LANGGRAPH_DEFAULT_PORTS = [2024];

/**
 * Dev servers already listening on their usual local ports, found by asking each for `/info`
 * with a short deadline. Only 127.0.0.1 is probed.
 */
export async function detectLocalServers(
  _input: ParsedChannelInput<'targets:detect'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'targets:detect'>> {
  const knownUrls = new Set(listTargets(deps.db).map((t) => t.baseUrl.replace(/\/+$/, '')));
  const candidates: { kind: TargetKind; port: number }[] = [
    ...AGENTOS_DEFAULT_PORTS.map((port) => ({ kind: 'agentos' as const, port })),
    ...LANGGRAPH_DEFAULT_PORTS.map((port) => ({ kind: 'langgraph' as const, port })),
  ];
  const found = await Promise.all(
    candidates.map(async ({ kind, port }) => {
      const baseUrl = `http://127.0.0.1:${port}`;
      try {
        const response = await deps.http({ url: `${baseUrl}/info`, timeoutMs: 800 });
        const info = (response.body ?? {}) as Record<string, unknown>;
        const isMatch =
          kind === 'agentos'
            ? 'auth_mode' in info || 'agno_version' in info
            : 'langgraph_js_version' in info || 'langgraph_py_version' in info || 'flags' in info;
        if (!isMatch) return null;
        const version = info.agno_version ?? info.version ?? null;
        const name = info.name ?? info.os_id ?? null;
        return {
          kind,
          baseUrl,
          name: typeof name === 'string' ? name : null,
          version: typeof version === 'string' ? version : null,
          isKnown: knownUrls.has(baseUrl) || knownUrls.has(`http://localhost:${port}`),
        };
      } catch {
        return null;
      }
    }),
  );
  return found.filter((server) => server !== null);
}

function requireCredential(authMode: string, credential: string | null): void {
  if (authMode !== 'none' && !credential) {
    throw new IpcError('invalid-input', 'This authentication mode needs a key or token');
  }
}
