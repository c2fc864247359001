import { afterEach, describe, expect, it } from 'vitest';
import { listSessionRawRecords } from '../../electron/main/db/raw-records-repo';
import { getSyncState } from '../../electron/main/db/sync-state-repo';
import { mapSessionDetail } from '../../electron/main/sync/connectors/agentos/mapping';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { addPeerTarget, sourceFingerprint, storeFingerprint } from '../support/agentos-sync';
import { createTempCore, type TempCore } from '../support/temp-core';

const FAST_RETRY = { attempts: 4, baseDelayMs: 10, maxDelayMs: 200 };

let peers: AgentOsPeer[] = [];
let cores: TempCore[] = [];

async function setup(options: { sessions?: number; seed?: number; timeoutMs?: number } = {}) {
  const peer = await startAgentOsPeer({
    seed: { seed: options.seed ?? 7, sessions: options.sessions ?? 60 },
  });
  peers.push(peer);
  // Session details are fetched by the core's worker threads, as in the app.
  const core = createTempCore({ retry: FAST_RETRY, httpTimeoutMs: options.timeoutMs ?? 5_000 });
  cores.push(core);
  const targetId = addPeerTarget(core.deps.store, peer);
  return { peer, core, targetId, sync: core.deps.sync };
}

afterEach(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await Promise.all(peers.map((peer) => peer.close()));
  cores = [];
  peers = [];
});

describe('AgentOS sync against the protocol-faithful peer', () => {
  it('a full sync makes the store equal to the source', async () => {
    const { peer, core, targetId, sync } = await setup();
    const result = await sync.sync(targetId, 'full');
    expect(result).toMatchObject({ status: 'ok', failures: 0, errorCode: null });
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));
    const state = getSyncState(core.deps.db, targetId);
    expect(state).toMatchObject({ status: 'ok', lastErrorCode: null });
    expect(state?.lastSuccessAt).not.toBeNull();
  });

  it('stores each session exactly as the mapping of its source records', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 25 });
    await sync.sync(targetId, 'full');
    for (const snapshot of peer.store.list()) {
      const session = core.deps.db
        .prepare(
          'select id, status, tool_call_count as tools from sessions where target_id = ? and remote_id = ?',
        )
        .get(targetId, snapshot.sessionId) as { id: number; status: string; tools: number };
      const count = core.deps.db
        .prepare('select count(*) as n from activity_items where session_id = ?')
        .get(session.id) as {
        n: number;
      };
      const runsResponse = await fetch(
        `${peer.url}/sessions/${snapshot.sessionId}/runs?type=${snapshot.sessionType}&db_id=${snapshot.dbId}`,
      );
      const sessionResponse = await fetch(
        `${peer.url}/sessions/${snapshot.sessionId}?type=${snapshot.sessionType}&db_id=${snapshot.dbId}`,
      );
      const expected = mapSessionDetail(await sessionResponse.json(), await runsResponse.json());
      expect(session.status, snapshot.sessionId).toBe(expected.session.status);
      expect(session.tools).toBe(expected.session.toolCallCount);
      expect(count.n).toBe(expected.activity.length);
      // Raw records come back from the fetch workers as the very JSON text the mapping keeps.
      const byKey = (a: string[], b: string[]) => (a.join('\0') < b.join('\0') ? -1 : 1);
      const raw = listSessionRawRecords(core.deps.db, String(session.id));
      expect(raw.map((r) => [r.entity, r.remoteKey, r.json])).toEqual(
        expected.raw.map((r) => [r.entity, r.remoteId, r.json]).sort(byKey),
      );
    }
  });

  it('an incremental sync fetches only the sessions that changed', async () => {
    const { peer, core, targetId, sync } = await setup();
    await sync.sync(targetId, 'full');
    const [first, second] = peer.store.list().filter((s) => s.runs.every((r) => r.status !== 'RUNNING'));
    peer.store.updateSession(first!.sessionId, { sessionName: 'Renamed at the source' });
    peer.store.bumpUpdatedAt(second!.sessionId);
    peer.clearRequests();
    const result = await sync.sync(targetId);
    expect(result.status).toBe('ok');
    const detailFetches = peer
      .requests()
      .map((r) => /^\/sessions\/([^/]+)$/.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(new Set(detailFetches)).toEqual(new Set([first!.sessionId, second!.sessionId]));
    const name = core.deps.db
      .prepare('select name from sessions where remote_id = ?')
      .get(first!.sessionId) as { name: string };
    expect(name.name).toBe('Renamed at the source');
  });

  it('a no-op resync fetches no session detail; the live refresh fetches the active ones', async () => {
    const { peer, targetId, sync } = await setup();
    await sync.sync(targetId, 'full');
    peer.clearRequests();
    await sync.sync(targetId);
    const detailPaths = (): string[] =>
      peer
        .requests()
        .map((r) => /^\/sessions\/([^/]+)$/.exec(r.path)?.[1])
        .filter((id): id is string => id !== undefined);
    expect(detailPaths()).toEqual([]);

    const active = peer.store
      .list()
      .filter((s) =>
        ['RUNNING', 'PENDING', 'PAUSED'].includes(s.runs.filter((r) => !r.parentRunId).at(-1)?.status ?? ''),
      )
      .map((s) => s.sessionId);
    expect(active.length).toBeGreaterThan(0);
    await sync.engine.refreshActive(targetId);
    expect(new Set(detailPaths())).toEqual(new Set(active));
  });

  it('a full resync removes sessions deleted at the source and adds new ones', async () => {
    const { peer, core, targetId, sync } = await setup();
    await sync.sync(targetId, 'full');
    const victim = peer.store.list()[3]!.sessionId;
    peer.store.deleteSession(victim);
    const added = peer.store.addSession({ sessionName: 'Brand new' });
    const result = await sync.sync(targetId, 'full');
    expect(result.deleted).toBe(1);
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));
    expect(storeFingerprint(core.deps.db, targetId).has(added.sessionId)).toBe(true);
  });

  it('keeps local tags and notes across resyncs', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 10 });
    await sync.sync(targetId, 'full');
    const remoteId = peer.store.list()[0]!.sessionId;
    core.deps.db
      .prepare(`update sessions set tags = '["keep"]', notes = 'mine' where remote_id = ?`)
      .run(remoteId);
    peer.store.updateSession(remoteId, { sessionName: 'changed' });
    await sync.sync(targetId, 'full');
    expect(
      core.deps.db.prepare('select tags, notes, name from sessions where remote_id = ?').get(remoteId),
    ).toEqual({
      tags: '["keep"]',
      notes: 'mine',
      name: 'changed',
    });
  });
});

describe('AgentOS sync under faults', () => {
  it.each([
    ['HTTP 500', { status: 500 }],
    ['HTTP 429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
    ['a connection reset', { kind: 'reset' as const }],
    ['a timeout', { kind: 'timeout' as const }],
    ['a slow body', { kind: 'slow-body' as const, bytesPerChunk: 512, delayMs: 5 }],
  ])('recovers from %s and ends equal to the source', async (_name, fault) => {
    const { peer, core, targetId, sync } = await setup({ sessions: 30, timeoutMs: 1_000 });
    peer.faults.next(2, fault);
    const result = await sync.sync(targetId, 'full');
    expect(result.status).toBe('ok');
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));
    expect(peer.requests().some((r) => r.fault !== null)).toBe(true);
  });

  it('honours Retry-After before retrying', async () => {
    const { peer, targetId, sync } = await setup({ sessions: 5 });
    peer.faults.next(1, { status: 429, retryAfterSeconds: 1 });
    await sync.sync(targetId, 'full');
    const [limited, retried] = peer.requests();
    expect(limited?.status).toBe(429);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('stores a session whose detail is unreadable as a raw failure and syncs the rest', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 20 });
    const broken = peer.store.list()[5]!.sessionId;
    peer.faults.match(
      (request) => request.path === `/sessions/${broken}`,
      { kind: 'truncated-json' },
      { times: 10 },
    );
    const result = await sync.sync(targetId, 'full');
    expect(result).toMatchObject({ status: 'ok', failures: 1 });
    const expected = sourceFingerprint(peer);
    expected.delete(broken);
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(expected);
    const failure = core.deps.db
      .prepare(`select parse_error from raw_records where target_id = ? and remote_key = ?`)
      .get(targetId, broken) as { parse_error: string };
    expect(failure.parse_error).toMatch(/not JSON/);
  });

  it('stops with auth-required and a clear error on 401, keeping what it had', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 10 });
    await sync.sync(targetId, 'full');
    const before = storeFingerprint(core.deps.db, targetId);
    peer.faults.next(50, { status: 401, detail: 'Invalid authentication token' });
    const result = await sync.sync(targetId, 'full');
    expect(result).toMatchObject({ status: 'auth-required', errorCode: 'auth' });
    const state = getSyncState(core.deps.db, targetId);
    expect(state?.lastErrorMessage).toMatch(/401.*Invalid authentication token/);
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(before);
  });

  it('surfaces a server that keeps failing as an error after its retries', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 5 });
    peer.faults.next(100, { status: 503 });
    const result = await sync.sync(targetId);
    expect(result).toMatchObject({ status: 'error', errorCode: 'server' });
    expect(getSyncState(core.deps.db, targetId)?.attempt).toBe(1);
  });

  it('syncs one target while another fails', async () => {
    const { core, targetId: goodId, peer: good, sync } = await setup({ sessions: 15 });
    const { createTarget } = await import('../../electron/main/db/targets-repo');
    const closed = await startAgentOsPeer();
    const closedUrl = closed.url;
    await closed.close();
    const bad = createTarget(core.deps.store, {
      name: 'Down',
      kind: 'agentos',
      location: 'local',
      baseUrl: closedUrl,
      authMode: 'none',
      hasCredential: false,
      enabled: true,
      readOnly: false,
    });
    const [goodResult, badResult] = await Promise.all([sync.sync(goodId, 'full'), sync.sync(bad.id, 'full')]);
    expect(goodResult.status).toBe('ok');
    expect(badResult).toMatchObject({ status: 'error', errorCode: 'network' });
    expect(storeFingerprint(core.deps.db, goodId)).toEqual(sourceFingerprint(good));
    expect(getSyncState(core.deps.db, bad.id)?.lastErrorMessage).toMatch(/ECONNREFUSED/);
  });

  it('can be canceled and resumes where it stopped', async () => {
    const { peer, core, targetId, sync } = await setup({ sessions: 250 });
    peer.faults.match(() => true, { kind: 'slow-body', bytesPerChunk: 4096, delayMs: 2 });
    const running = sync.sync(targetId, 'full');
    const { waitFor } = await import('../support/temp-core');
    await waitFor(() => (getSyncState(core.deps.db, targetId)?.progress.pages ?? 0) >= 1, {
      what: 'a first page',
    });
    sync.engine.cancel(targetId);
    const canceled = await running;
    expect(canceled.errorCode).toBe('canceled');
    peer.faults.clear();
    const resumed = await sync.sync(targetId, 'full');
    expect(resumed.status).toBe('ok');
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));
  });
});
