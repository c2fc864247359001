import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '@shared/ipc/contract';
import { dispatch } from '../../electron/main/ipc/dispatch';
import { handlers } from '../../electron/main/ipc/handlers';
import { SECRETS_FILE_NAME } from '../../electron/main/lib/secrets';
import { startAgentOsPeer, type AgentOsPeer, type AgentOsPeerOptions } from '../peers/agentos/server';
import { createTempCore, waitFor, type TempCore } from '../support/temp-core';

let peers: AgentOsPeer[] = [];
let cores: TempCore[] = [];

async function setup(peerOptions: AgentOsPeerOptions = {}) {
  const peer = await startAgentOsPeer({ seed: { seed: 5, sessions: 12 }, ...peerOptions });
  peers.push(peer);
  const core = createTempCore({ retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } });
  cores.push(core);
  const events: { event: EventName; payload: unknown }[] = [];
  core.deps.events.subscribe((event, payload) => events.push({ event, payload }));
  const call = async <T = unknown>(channel: string, input: unknown): Promise<T> => {
    const result = await dispatch(handlers, core.deps, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.data as T;
  };
  return { peer, core, events, call };
}

afterEach(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await Promise.all(peers.map((peer) => peer.close()));
  cores = [];
  peers = [];
});

const SECRET_KEY = 'OSK_very_secret_security_key_123';

describe('targets channels', () => {
  it('tests a connection: auth mode, version and databases from the server', async () => {
    const { peer, call } = await setup({ auth: { mode: 'security-key', key: SECRET_KEY } });
    const ok = await call<{ ok: true; discovery: Record<string, unknown> }>('targets:test', {
      kind: 'agentos',
      baseUrl: peer.url,
      authMode: 'security-key',
      credential: SECRET_KEY,
    });
    expect(ok.ok).toBe(true);
    expect(ok.discovery).toMatchObject({
      authMode: 'security_key',
      databases: peer.store.dbIds,
      capabilities: { pause: false, cancel: true, respond: true, delete: true },
    });
    expect(ok.discovery.version).toMatch(/^\d+\.\d+/);
  });

  it('explains a wrong key and an unreachable server in words, with the detail on demand', async () => {
    const { peer, call } = await setup({ auth: { mode: 'security-key', key: SECRET_KEY } });
    const wrong = await call<{ ok: false; error: { code: string; message: string; detail: string } }>(
      'targets:test',
      {
        kind: 'agentos',
        baseUrl: peer.url,
        authMode: 'security-key',
        credential: 'nope',
      },
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'auth', message: expect.stringMatching(/credentials/) },
    });
    expect(wrong.error.detail).toMatch(/Invalid authentication token/);

    const closed = await startAgentOsPeer();
    const url = closed.url;
    await closed.close();
    const down = await call<{ ok: false; error: { code: string; message: string } }>('targets:test', {
      kind: 'agentos',
      baseUrl: url,
      authMode: 'none',
    });
    expect(down).toMatchObject({
      ok: false,
      error: { code: 'network', message: expect.stringMatching(/Cannot reach/) },
    });
  });

  it('keeps the credential out of SQLite, out of every answer and encrypted on disk', async () => {
    const { peer, core, call } = await setup({ auth: { mode: 'security-key', key: SECRET_KEY } });
    const target = await call<{ id: string; hasCredential: boolean }>('targets:add', {
      name: 'Cloud OS',
      kind: 'agentos',
      location: 'cloud',
      baseUrl: peer.url,
      authMode: 'security-key',
      credential: SECRET_KEY,
      enabled: false,
    });
    expect(target.hasCredential).toBe(true);
    const list = await call('targets:list', {});
    expect(JSON.stringify(list)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(target)).not.toContain(SECRET_KEY);
    core.deps.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(core.deps.databasePath).includes(SECRET_KEY)).toBe(false);
    expect(readFileSync(`${core.dataDir}/${SECRETS_FILE_NAME}`, 'utf8')).not.toContain(SECRET_KEY);
    expect(core.deps.secrets.get(target.id)).toBe(SECRET_KEY);

    // The stored credential is used when testing without one.
    const tested = await call<{ ok: boolean }>('targets:test', {
      kind: 'agentos',
      baseUrl: peer.url,
      authMode: 'security-key',
      targetId: target.id,
    });
    expect(tested.ok).toBe(true);
  });

  it('edits, disables and removes a target, keeping or dropping its data', async () => {
    const { peer, core, call } = await setup();
    const target = await call<{ id: string }>('targets:add', {
      name: 'Local',
      kind: 'agentos',
      location: 'local',
      baseUrl: peer.url,
      authMode: 'none',
    });
    // Adding an enabled target starts its first sync.
    await waitFor(
      () => (core.deps.db.prepare('select count(*) as n from sessions').get() as { n: number }).n === 12,
      {
        what: 'the first sync',
      },
    );
    const renamed = await call<{ name: string; enabled: boolean }>('targets:update', {
      id: target.id,
      patch: { name: 'Renamed', enabled: false },
    });
    expect(renamed).toMatchObject({ name: 'Renamed', enabled: false });
    await expect(call('targets:update', { id: target.id, patch: { authMode: 'jwt' } })).rejects.toThrow(
      /invalid-input.*needs a key or token/,
    );

    expect(await call('targets:remove', { id: target.id, keepData: true })).toEqual({ removedSessions: 0 });
    const kept = await call<{ target: { enabled: boolean; readOnly: boolean }; sessionCount: number }[]>(
      'targets:list',
      {},
    );
    expect(kept[0]).toMatchObject({ target: { enabled: false, readOnly: true }, sessionCount: 12 });
    expect(await call('targets:remove', { id: target.id, keepData: false })).toEqual({ removedSessions: 12 });
    expect(await call('targets:list', {})).toEqual([]);
  });

  it('rejects a target whose URL is not http(s) with a field error', async () => {
    const { core } = await setup();
    const result = await dispatch(handlers, core.deps, 'targets:add', {
      name: 'Bad',
      kind: 'agentos',
      location: 'local',
      baseUrl: 'file:///etc/passwd',
      authMode: 'none',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!result.ok) expect(result.error.issues?.[0]?.path).toBe('baseUrl');
  });

  it('detects a dev server on a default local port when one is running', async () => {
    const { call } = await setup();
    const found = await call<{ kind: string; baseUrl: string }[]>('targets:detect', {});
    // Nothing of ours listens on the default ports here; the probe must simply not invent one.
    expect(found.filter((s) => s.kind === 'agentos')).toEqual([]);
  });
});

describe('sync channels', () => {
  it('starts a sync, pushes progress and state events, and lists the state', async () => {
    const { peer, core, events, call } = await setup();
    const target = await call<{ id: string }>('targets:add', {
      name: 'Local',
      kind: 'agentos',
      location: 'local',
      baseUrl: peer.url,
      authMode: 'none',
      enabled: false,
    });
    await call('targets:update', { id: target.id, patch: { enabled: true } });
    expect(await call('sync:start', { targetId: target.id, mode: 'full' })).toEqual({
      targetIds: [target.id],
    });
    await waitFor(
      () => events.some((e) => e.event === 'sync:state' && (e.payload as { status: string }).status === 'ok'),
      { what: 'an ok sync:state event' },
    );
    const progress = events
      .filter((e) => e.event === 'sync:progress')
      .map((e) => e.payload as { sessions: number });
    expect(progress.at(-1)?.sessions).toBe(12);
    expect(events.some((e) => e.event === 'db:changed')).toBe(true);
    const states = await call<{ targetId: string; status: string }[]>('sync:states', {});
    expect(states).toEqual([expect.objectContaining({ targetId: target.id, status: 'ok' })]);
    expect(core.deps.sync.engine.isSyncing(target.id)).toBe(false);
    expect(await call('sync:cancel', { targetId: target.id })).toEqual({ wasRunning: false });
  });
});
