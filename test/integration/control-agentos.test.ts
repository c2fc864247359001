import { afterEach, describe, expect, it } from 'vitest';
import { listControlEntries } from '../../electron/main/db/control-repo';
import { getSessionByRemoteId } from '../../electron/main/db/sessions-repo';
import { createTarget, updateTarget } from '../../electron/main/db/targets-repo';
import { signJwt } from '../peers/agentos/auth';
import { startAgentOsPeer, type AgentOsPeer, type AgentOsPeerOptions } from '../peers/agentos/server';
import { addPeerTarget } from '../support/agentos-sync';
import { createTempCore, waitFor, type TempCore } from '../support/temp-core';

let peers: AgentOsPeer[] = [];
let cores: TempCore[] = [];

async function setup(peerOptions: AgentOsPeerOptions = {}, coreOptions: { confirmTimeoutMs?: number } = {}) {
  const peer = await startAgentOsPeer({ seed: { seed: 3, sessions: 30 }, ...peerOptions });
  peers.push(peer);
  const core = createTempCore({
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    actor: 'ana',
    controlPollIntervalMs: 50,
    controlConfirmTimeoutMs: coreOptions.confirmTimeoutMs ?? 10_000,
  });
  cores.push(core);
  return { peer, core };
}

afterEach(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await Promise.all(peers.map((peer) => peer.close()));
  cores = [];
  peers = [];
});

function localId(core: TempCore, targetId: string, remoteId: string): string {
  const session = getSessionByRemoteId(core.deps.db, targetId, remoteId);
  if (!session) throw new Error(`session ${remoteId} was not synced`);
  return session.id;
}

const statusOf = (core: TempCore, id: string): string | undefined =>
  (
    core.deps.db.prepare('select status from sessions where id = ?').get(Number(id)) as
      { status: string } | undefined
  )?.status;

describe('control against the AgentOS peer', () => {
  it('cancel shows Canceling at once, then Canceled once the source confirms, with entries in the feed', async () => {
    const { peer, core } = await setup({ cancelDelayMs: 300 });
    const targetId = addPeerTarget(core.deps.store, peer);
    const started = peer.store.startRunningRun({ message: 'long job' });
    await core.deps.sync.sync(targetId, 'full');
    const id = localId(core, targetId, started.sessionId);
    expect(statusOf(core, id)).toBe('running');

    const outcome = await core.deps.control.request(id, 'cancel');
    expect(outcome).toMatchObject({ ok: true, status: 'canceling', error: null });
    expect(
      peer.requests().some((r) => r.method === 'POST' && r.path.endsWith(`/runs/${started.runId}/cancel`)),
    ).toBe(true);

    await waitFor(() => statusOf(core, id) === 'canceled', { what: 'Canceled' });
    await core.deps.control.settled();
    const entries = listControlEntries(core.deps.db, id);
    expect(entries.map((e) => `${e.action}:${e.phase}:${e.by}`)).toEqual([
      'cancel:requested:ana',
      'cancel:completed:ana',
    ]);
    const feed = core.deps.db
      .prepare(
        `select control_phase as phase, control_by as "by" from activity_items
                where session_id = ? and kind = 'control' order by seq`,
      )
      .all(Number(id));
    // Ours, around the source's own RunCancelled entry.
    expect(feed).toEqual([
      { phase: 'requested', by: 'ana' },
      { phase: 'completed', by: 'source' },
      { phase: 'completed', by: 'ana' },
    ]);
  });

  it('reports a cancel the source never confirms as failed and shows the session running again', async () => {
    const { peer, core } = await setup({ cancelDelayMs: 60_000 }, { confirmTimeoutMs: 600 });
    const targetId = addPeerTarget(core.deps.store, peer);
    const started = peer.store.startRunningRun();
    await core.deps.sync.sync(targetId, 'full');
    const id = localId(core, targetId, started.sessionId);
    await core.deps.control.request(id, 'cancel');
    expect(statusOf(core, id)).toBe('canceling');
    await core.deps.control.settled();
    expect(statusOf(core, id)).toBe('running');
    const last = listControlEntries(core.deps.db, id).at(-1);
    expect(last).toMatchObject({ action: 'cancel', phase: 'failed' });
    expect(last?.detail).toMatch(/did not confirm the cancel/);
  });

  it('answers a run waiting for confirmation and sees it complete', async () => {
    const { peer, core } = await setup();
    const targetId = addPeerTarget(core.deps.store, peer);
    await core.deps.sync.sync(targetId, 'full');
    const waiting = core.deps.db
      .prepare(`select id, remote_id from sessions where status = 'waiting' and kind = 'agent' limit 1`)
      .get() as { id: number; remote_id: string };
    expect(waiting).toBeDefined();
    const outcome = await core.deps.control.request(String(waiting.id), 'respond', {
      approve: true,
      note: 'go ahead',
    });
    expect(outcome.ok, outcome.error?.message).toBe(true);
    const continued = peer.requests().find((r) => r.path.endsWith('/continue'));
    expect(continued?.status).toBeLessThan(300);
    await waitFor(() => statusOf(core, String(waiting.id)) === 'completed', {
      what: 'Completed after the answer',
    });
    const sourceRuns = peer.store.getRuns(waiting.remote_id);
    expect(sourceRuns.at(-1)?.status).toBe('COMPLETED');
  });

  it('deletes a finished session at the source and locally', async () => {
    const { peer, core } = await setup();
    const targetId = addPeerTarget(core.deps.store, peer);
    await core.deps.sync.sync(targetId, 'full');
    const done = core.deps.db
      .prepare(`select id, remote_id from sessions where status = 'completed' limit 1`)
      .get() as {
      id: number;
      remote_id: string;
    };
    const outcome = await core.deps.control.request(String(done.id), 'delete');
    expect(outcome).toMatchObject({ ok: true, status: null });
    expect(peer.store.getSession(done.remote_id)).toBeUndefined();
    expect(getSessionByRemoteId(core.deps.db, targetId, done.remote_id)).toBeNull();
  });

  it('refuses what the rules, the API or the user forbid, without sending anything', async () => {
    const { peer, core } = await setup();
    const targetId = addPeerTarget(core.deps.store, peer);
    const started = peer.store.startRunningRun();
    await core.deps.sync.sync(targetId, 'full');
    const running = localId(core, targetId, started.sessionId);
    peer.clearRequests();

    expect(await core.deps.control.request(running, 'delete')).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'A running session cannot be deleted' },
    });
    const pause = await core.deps.control.request(running, 'pause');
    expect(pause).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(pause.error?.message).toMatch(/cannot pause/);

    updateTarget(core.deps.store, targetId, { readOnly: true });
    const readOnly = await core.deps.control.request(running, 'cancel');
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(readOnly.error?.message).toMatch(/read-only/);
    expect(statusOf(core, running)).toBe('running');
    expect(peer.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    const described = await core.deps.control.describe([running]);
    expect(described).toEqual([
      { action: 'pause', enabled: false, reason: expect.stringMatching(/read-only/) },
      { action: 'cancel', enabled: false, reason: expect.stringMatching(/read-only/) },
    ]);
  });

  it('refuses actions a JWT lacks the scope for, before sending them', async () => {
    const secret = 'test-secret';
    const { peer, core } = await setup({ auth: { mode: 'jwt', secret, authorization: true } });
    const token = signJwt(
      {
        sub: 'viewer',
        scopes: ['sessions:read', 'config:read', 'agents:read', 'teams:read', 'workflows:read'],
        exp: Math.floor(Date.now() / 1000) + 3600,
      },
      { secret },
    );
    const target = createTarget(core.deps.store, {
      name: 'Cloud (viewer)',
      kind: 'agentos',
      location: 'cloud',
      baseUrl: peer.url,
      authMode: 'jwt',
      hasCredential: true,
      enabled: true,
      readOnly: false,
    });
    core.deps.secrets.set(target.id, token);
    const started = peer.store.startRunningRun();
    const result = await core.deps.sync.sync(target.id, 'full');
    expect(result.status).toBe('ok');
    const id = localId(core, target.id, started.sessionId);
    peer.clearRequests();
    const outcome = await core.deps.control.request(id, 'cancel');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(outcome.error?.message).toMatch(/agents:run/);
    expect(peer.requests().some((r) => r.path.endsWith('/cancel'))).toBe(false);
  });

  it('bulk-cancels three running sessions with a result for each', async () => {
    const { peer, core } = await setup({ cancelDelayMs: 100 });
    const targetId = addPeerTarget(core.deps.store, peer);
    const runs = [peer.store.startRunningRun(), peer.store.startRunningRun(), peer.store.startRunningRun()];
    await core.deps.sync.sync(targetId, 'full');
    const done = core.deps.db.prepare(`select id from sessions where status = 'completed' limit 1`).get() as {
      id: number;
    };
    const ids = [...runs.map((r) => localId(core, targetId, r.sessionId)), String(done.id)];
    const outcomes = await core.deps.control.requestMany(ids, 'cancel');
    expect(outcomes.map((o) => [o.sessionId, o.ok, o.status])).toEqual([
      [ids[0], true, 'canceling'],
      [ids[1], true, 'canceling'],
      [ids[2], true, 'canceling'],
      [ids[3], false, 'completed'],
    ]);
    await waitFor(() => ids.slice(0, 3).every((id) => statusOf(core, id) === 'canceled'), {
      what: 'all canceled',
    });
  });
});
