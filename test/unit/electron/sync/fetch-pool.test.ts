import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../../../electron/main/sync/connectors';
import { SourceError } from '../../../../electron/main/sync/errors';
import {
  FetchPoolUnavailableError,
  SessionFetchPool,
  type FetchTarget,
} from '../../../../electron/main/sync/fetch-pool';
import { createHttpClient } from '../../../../electron/main/sync/http';
import { startAgentOsPeer, type AgentOsPeer } from '../../../peers/agentos/server';
import { addPeerTarget, sourceFingerprint, storeFingerprint } from '../../../support/agentos-sync';
import { createTempCore, waitFor, type TempCore } from '../../../support/temp-core';

const EXITING_WORKER = fileURLToPath(new URL('../../../support/exiting-fetch-worker.mjs', import.meta.url));
const pools: SessionFetchPool[] = [];
const peers: AgentOsPeer[] = [];
const cores: TempCore[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await Promise.all(cores.splice(0).map((core) => core.dispose()));
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

function poolOf(options: ConstructorParameters<typeof SessionFetchPool>[0]): SessionFetchPool {
  const pool = new SessionFetchPool(options);
  pools.push(pool);
  return pool;
}

async function peerTarget(): Promise<{ peer: AgentOsPeer; target: FetchTarget }> {
  const peer = await startAgentOsPeer({ seed: { seed: 5, sessions: 12, dbIds: ['db-main'] } });
  peers.push(peer);
  return { peer, target: { kind: 'agentos', baseUrl: peer.url, authMode: 'none', credential: null } };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the fetch to fail');
}

describe('session fetch pool', () => {
  it('maps a session on a worker exactly as the connector does here, and classifies failures', async () => {
    const { peer, target } = await peerTarget();
    const pool = poolOf({ size: 2 });
    const connector = createConnector('agentos', { ...target, http: createHttpClient() });
    const refs = (await connector.listSessions({ page: null, updatedSince: null })).items.slice(0, 4);
    const details = await Promise.all(refs.map((ref) => pool.fetchSession(target, ref)));
    for (const [index, ref] of refs.entries()) {
      expect(details[index]).toEqual(await connector.fetchSession(ref));
    }

    const missing = await failure(pool.fetchSession(target, { ...refs[0]!, remoteId: 'no-such-session' }));
    expect(missing).toBeInstanceOf(SourceError);
    expect(missing).toMatchObject({ code: 'not-found', status: 404 });
    peer.faults.next(1, { status: 429, retryAfterSeconds: 4 });
    peer.faults.next(1, { status: 429, retryAfterSeconds: 4 });
    expect(await failure(pool.fetchSession(target, refs[1]!))).toMatchObject({
      code: 'rate-limited',
      retryAfterMs: 4000,
    });
  });

  it('cancels a fetch in flight, and rejects what is pending when closed', async () => {
    const { peer, target } = await peerTarget();
    const pool = poolOf({ size: 1 });
    const ref = {
      remoteId: peer.store.list()[0]!.sessionId,
      kind: 'agent' as const,
      scope: 'db-main',
      updatedAt: null,
    };
    peer.faults.match((r) => r.path.startsWith('/sessions/'), { kind: 'timeout' }, { times: 4 });
    const controller = new AbortController();
    const canceled = pool.fetchSession(target, ref, controller.signal);
    await waitFor(() => peer.requests().length >= 2, { what: 'the worker to send its requests' });
    controller.abort();
    expect(await failure(canceled)).toMatchObject({ code: 'canceled' });

    const held = failure(pool.fetchSession(target, ref));
    await waitFor(() => peer.requests().length >= 4, { what: 'the second fetch to be sent' });
    await pool.close();
    expect(await held).toMatchObject({ code: 'canceled' });
  });

  it('runs a few fetches per worker at once and queues the rest, so a whole page can be handed over', async () => {
    const { peer, target } = await peerTarget();
    const pool = poolOf({ size: 1, maxConcurrentPerWorker: 2 });
    // Session requests that never answer keep their fetches in flight.
    peer.faults.match((r) => r.path.startsWith('/sessions/'), { kind: 'timeout' }, { times: 100 });
    const sessions = peer.store.list().slice(0, 6);
    const controllers = sessions.map(() => new AbortController());
    const fetches = sessions.map((session, index) =>
      failure(
        pool.fetchSession(
          target,
          { remoteId: session.sessionId, kind: 'agent', scope: 'db-main', updatedAt: null },
          controllers[index]!.signal,
        ),
      ),
    );
    // Two fetches, two requests each (the session and its runs).
    await waitFor(() => peer.requests().length >= 4, { what: 'the first two fetches' });
    controllers[0]!.abort();
    await waitFor(() => peer.requests().length >= 6, { what: 'a queued fetch to take the freed place' });
    expect(peer.requests()).toHaveLength(6);
    await pool.close();
    for (const fetch of fetches) expect(await fetch).toMatchObject({ code: 'canceled' });
  });

  it('fails the fetches of a worker that dies as network errors and starts another', async () => {
    const pool = poolOf({ size: 1, entry: EXITING_WORKER });
    const target: FetchTarget = {
      kind: 'agentos',
      baseUrl: 'http://127.0.0.1:9',
      authMode: 'none',
      credential: null,
    };
    const ref = (remoteId: string) => ({ remoteId, kind: 'agent' as const, scope: null, updatedAt: null });
    expect(await failure(pool.fetchSession(target, ref('a')))).toMatchObject({ code: 'not-found' });
    const died = await failure(pool.fetchSession(target, ref('exit')));
    expect(died).toBeInstanceOf(SourceError);
    expect(died).toMatchObject({ code: 'network', isTransient: true });
    expect(await failure(pool.fetchSession(target, ref('b')))).toMatchObject({ code: 'not-found' });
  });

  it('syncs on the main thread when the workers cannot start', async () => {
    const pool = poolOf({ size: 1, entry: '/nonexistent/fetch-worker.js' });
    const target: FetchTarget = {
      kind: 'agentos',
      baseUrl: 'http://127.0.0.1:9',
      authMode: 'none',
      credential: null,
    };
    const ref = { remoteId: 'a', kind: 'agent' as const, scope: null, updatedAt: null };
    expect(await failure(pool.fetchSession(target, ref))).toBeInstanceOf(FetchPoolUnavailableError);

    const { peer } = await peerTarget();
    const core = createTempCore({ fetchWorkerPath: '/nonexistent/fetch-worker.js' });
    cores.push(core);
    const targetId = addPeerTarget(core.deps.store, peer);
    expect(await core.deps.sync.sync(targetId, 'full')).toMatchObject({ status: 'ok', failures: 0 });
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));
  });
});
