import { createHash } from 'node:crypto';
import type { Db } from '../../electron/main/db/connection';
import { createTarget } from '../../electron/main/db/targets-repo';
import type { Store } from '../../electron/main/db/store';
import type { AgentOsPeer } from '../peers/agentos/server';

/** Adds an AgentOS target pointing at a peer, with no credential. */
export function addPeerTarget(store: Store, peer: AgentOsPeer, id = 'agentos-local'): string {
  return createTarget(store, {
    id,
    name: `AgentOS ${id}`,
    kind: 'agentos',
    location: 'local',
    baseUrl: peer.url,
    authMode: 'none',
    hasCredential: false,
    enabled: true,
    readOnly: false,
  }).id;
}

/**
 * What the source holds, normalized for comparison with the store: per session id, its run
 * ids in order and its updated time in ms.
 */
export function sourceFingerprint(peer: AgentOsPeer): Map<string, string> {
  return new Map(
    peer.store.list().map((s) => [
      s.sessionId,
      fingerprint(
        (s.updatedAt ?? s.createdAt) * 1000,
        s.runs.map((r) => r.runId),
      ),
    ]),
  );
}

/** The same fingerprint, read from the local store. */
export function storeFingerprint(db: Db, targetId: string): Map<string, string> {
  const sessions = db
    .prepare('select id, remote_id, remote_updated_at from sessions where target_id = ?')
    .all(targetId) as { id: number; remote_id: string; remote_updated_at: number }[];
  const runs = db.prepare('select remote_id from runs where session_id = ? order by id');
  return new Map(
    sessions.map((s) => [
      s.remote_id,
      fingerprint(
        s.remote_updated_at,
        (runs.all(s.id) as { remote_id: string }[]).map((r) => r.remote_id),
      ),
    ]),
  );
}

function fingerprint(updatedAtMs: number, runIds: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([updatedAtMs, runIds]))
    .digest('hex')
    .slice(0, 16);
}
