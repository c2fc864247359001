// Sync from the REAL LangGraph API dev server (test/peers/langgraph) into a real core: full and
// incremental syncs, the server going away mid-sync, and a run the server keeps "running" after
// a restart. One server for the file; tests run in order and build on the threads created before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSessionDetail } from '../../electron/main/db/session-detail-repo';
import { getSessionByRemoteId } from '../../electron/main/db/sessions-repo';
import { getSyncState } from '../../electron/main/db/sync-state-repo';
import { createTarget } from '../../electron/main/db/targets-repo';
import {
  fetchThreadRecords,
  type LangGraphCall,
} from '../../electron/main/sync/connectors/langgraph/connector';
import { DEFAULT_STALE_RUN_MS, mapThreadDetail } from '../../electron/main/sync/connectors/langgraph/mapping';
import { createHttpClient, type HttpClient } from '../../electron/main/sync/http';
import { startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';
import { createTempCore, waitFor, type TempCore } from '../support/temp-core';

const SERVER_START_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 60_000;
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };

type Json = Record<string, unknown>;
interface Thread {
  thread_id: string;
  updated_at: string;
  status: string;
}
interface Run {
  run_id: string;
  status: string;
}

let server: LangGraphServer;
const plain = createHttpClient({ timeoutMs: RUN_TIMEOUT_MS });

async function api<T = Json>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  route: string,
  json?: unknown,
): Promise<T> {
  return (await plain({ method, url: `${server.url}${route}`, json })).body as T;
}

/** Live (non-zombie) processes of a process group, with their command lines. */
const userInput = (content: string): Json => ({ messages: [{ role: 'user', content }] });

async function newThread(metadata: Json, content: string): Promise<string> {
  const { thread_id: id } = await api<Thread>('POST', '/threads', {
    metadata: { suite: 'sync', ...metadata },
  });
  await api('POST', `/threads/${id}/runs/wait`, { assistant_id: 'agent', input: userInput(content) });
  return id;
}

async function allThreads(): Promise<Thread[]> {
  return api<Thread[]>('POST', '/threads/search', { limit: 1000, sort_by: 'updated_at', sort_order: 'desc' });
}

/** What the source holds: per thread, its updated time and its run ids in order. */
async function sourceFingerprint(): Promise<Map<string, string>> {
  const entries = await Promise.all(
    (await allThreads()).map(async (thread) => {
      const runs = await api<Run[]>('GET', `/threads/${thread.thread_id}/runs?limit=1000&offset=0`);
      return [thread.thread_id, JSON.stringify([Date.parse(thread.updated_at), runs.map((r) => r.run_id)])];
    }),
  );
  return new Map(entries as [string, string][]);
}

/** The same, read from the store. */
function storeFingerprint(core: TempCore, targetId: string): Map<string, string> {
  const db = core.deps.db;
  const sessions = db
    .prepare('select id, remote_id, remote_updated_at from sessions where target_id = ?')
    .all(targetId) as { id: number; remote_id: string; remote_updated_at: number }[];
  const runs = db.prepare('select remote_id from runs where session_id = ? order by id');
  return new Map(
    sessions.map((s) => [
      s.remote_id,
      JSON.stringify([
        s.remote_updated_at,
        (runs.all(s.id) as { remote_id: string }[]).map((r) => r.remote_id),
      ]),
    ]),
  );
}

function storedStatus(core: TempCore, targetId: string, remoteId: string): string | undefined {
  return getSessionByRemoteId(core.deps.db, targetId, remoteId)?.status;
}

/**
 * A core whose HTTP client records every request, can run a hook before one, and can shift the
 * server's clock (its `Date` header), which is the only clock the stale-run rule reads.
 */
function createCore() {
  const requests: { method: string; path: string }[] = [];
  const control: { before: ((path: string) => Promise<void>) | null; clockShiftMs: number } = {
    before: null,
    clockShiftMs: 0,
  };
  const inner = createHttpClient({ timeoutMs: 5_000 });
  const http: HttpClient = async (request) => {
    const path = new URL(request.url).pathname;
    requests.push({ method: request.method ?? 'GET', path });
    if (control.before) await control.before(path);
    const response = await inner(request);
    if (control.clockShiftMs === 0) return response;
    const headers = new Headers(response.headers);
    const date = Date.parse(headers.get('date') ?? '');
    headers.set('date', new Date(date + control.clockShiftMs).toUTCString());
    return { ...response, headers };
  };
  const core = createTempCore({ retry: FAST_RETRY, http });
  const targetId = createTarget(core.deps.store, {
    name: 'LangGraph dev server',
    kind: 'langgraph',
    location: 'local',
    baseUrl: server.url,
    authMode: 'none',
    hasCredential: false,
    enabled: true,
    readOnly: false,
  }).id;
  const detailFetches = (): string[] =>
    requests
      .filter((r) => r.method === 'GET')
      .map((r) => /^\/threads\/([^/]+)$/.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined);
  return { core, targetId, requests, control, detailFetches };
}

const seeded: Record<'completed' | 'failed' | 'interrupted' | 'toolError', string> = {
  completed: '',
  failed: '',
  interrupted: '',
  toolError: '',
};
const cores: TempCore[] = [];

beforeAll(async () => {
  server = await startLangGraphServer();
  seeded.completed = await newThread(
    { user_id: 'ana', project: 'travel' },
    'compare lookup:oslo lookup:bergen noreview',
  );
  seeded.failed = await newThread({ user_id: 'bob' }, 'please fail now');
  seeded.interrupted = await newThread({ user_id: 'carol' }, 'weather in Oslo');
  seeded.toolError = await newThread({ user_id: 'dan' }, 'lookup:x toolfail noreview');
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await server?.stop();
}, 30_000);

describe('LangGraph sync against the real server', () => {
  it('a full sync makes the store equal to the source, with the statuses the threads have', async () => {
    const { core, targetId } = createCore();
    cores.push(core);
    const result = await core.deps.sync.sync(targetId, 'full');
    expect(result).toMatchObject({ status: 'ok', failures: 0, errorCode: null, sessions: 4 });
    expect(storeFingerprint(core, targetId)).toEqual(await sourceFingerprint());
    expect(storedStatus(core, targetId, seeded.completed)).toBe('completed');
    expect(storedStatus(core, targetId, seeded.failed)).toBe('failed');
    expect(storedStatus(core, targetId, seeded.interrupted)).toBe('waiting');
    expect(storedStatus(core, targetId, seeded.toolError)).toBe('completed');
    expect(getSyncState(core.deps.db, targetId)).toMatchObject({ status: 'ok', lastErrorCode: null });

    const session = getSessionByRemoteId(core.deps.db, targetId, seeded.completed)!;
    expect(session).toMatchObject({
      actor: 'ana',
      project: 'travel',
      name: 'compare lookup:oslo lookup:bergen noreview',
      toolCallCount: 2,
      component: { type: 'agent', name: 'agent' },
    });
    const detail = getSessionDetail(core.deps.db, session.id)!;
    expect(detail.activity.map((a) => a.kind)).toEqual([
      'message',
      'step',
      'reasoning',
      'message',
      'tool-call',
      'tool-call',
      'step',
      'step',
      'message',
    ]);
    const waiting = getSessionByRemoteId(core.deps.db, targetId, seeded.interrupted)!;
    const wait = getSessionDetail(core.deps.db, waiting.id)!.activity.at(-1)!;
    expect(wait).toMatchObject({ kind: 'input-wait', title: 'Approve this answer?' });
  });

  it('stores each thread exactly as the mapping of its source records', async () => {
    const { core, targetId } = createCore();
    cores.push(core);
    await core.deps.sync.sync(targetId, 'full');
    const call: LangGraphCall = ({ path, ...rest }) => plain({ ...rest, url: `${server.url}${path}` });
    for (const remoteId of Object.values(seeded)) {
      const expected = mapThreadDetail(await fetchThreadRecords(call, remoteId), { now: Date.now() });
      const session = getSessionByRemoteId(core.deps.db, targetId, remoteId)!;
      const detail = getSessionDetail(core.deps.db, session.id, { activityLimit: 1000 })!;
      expect(session.status, remoteId).toBe(expected.session.status);
      expect(session.errorCount).toBe(expected.session.errorCount);
      expect(detail.activity.map((a) => `${a.kind}:${a.title ?? ''}`)).toEqual(
        expected.activity.map((a) => `${a.kind}:${a.title ?? ''}`),
      );
      expect(detail.runs.map((r) => [r.remoteId, r.status])).toEqual(
        expected.runs.map((r) => [r.remoteId, r.status]),
      );
    }
  });

  it('an incremental sync fetches only the threads that changed', async () => {
    const { core, targetId, requests, detailFetches } = createCore();
    cores.push(core);
    await core.deps.sync.sync(targetId, 'full');

    await api('PATCH', `/threads/${seeded.failed}`, { metadata: { name: 'Renamed at the source' } });
    await api('POST', `/threads/${seeded.completed}/runs/wait`, {
      assistant_id: 'agent',
      input: userInput('and once more notool noreview'),
    });
    const added = await newThread({ user_id: 'eve' }, 'brand new notool noreview');
    requests.length = 0;

    const result = await core.deps.sync.sync(targetId);
    expect(result).toMatchObject({ status: 'ok', sessions: 3 });
    expect(new Set(detailFetches())).toEqual(new Set([seeded.failed, seeded.completed, added]));
    expect(getSessionByRemoteId(core.deps.db, targetId, seeded.failed)).toMatchObject({
      name: 'Renamed at the source',
      status: 'failed',
    });
    const completed = getSessionByRemoteId(core.deps.db, targetId, seeded.completed)!;
    expect(getSessionDetail(core.deps.db, completed.id)!.runs).toHaveLength(2);
    expect(storeFingerprint(core, targetId)).toEqual(await sourceFingerprint());

    // Nothing changed since: the next incremental sync lists and fetches no detail at all.
    requests.length = 0;
    expect(await core.deps.sync.sync(targetId)).toMatchObject({ status: 'ok', sessions: 0 });
    expect(detailFetches()).toEqual([]);
  });

  it('the server stopping mid-sync is a clear network error on the target; local data stays intact', async () => {
    const { core, targetId, control } = createCore();
    cores.push(core);
    await core.deps.sync.sync(targetId, 'full');
    const before = storeFingerprint(core, targetId);
    const kept = getSessionByRemoteId(core.deps.db, targetId, seeded.completed)!;
    const keptDetail = getSessionDetail(core.deps.db, kept.id);
    await newThread({ user_id: 'frank' }, 'arrives before the outage notool noreview');

    // Stop the server once the listing is done and the first thread detail is being read.
    let stopped = false;
    control.before = async (path) => {
      if (!stopped && /^\/threads\/[^/]+\/history$/.test(path)) {
        stopped = true;
        await server.stop();
      }
    };
    try {
      const result = await core.deps.sync.sync(targetId);
      expect(stopped).toBe(true);
      expect(result).toMatchObject({ status: 'error', errorCode: 'network' });
      expect(getSyncState(core.deps.db, targetId)).toMatchObject({
        status: 'error',
        lastErrorCode: 'network',
      });
      expect(getSyncState(core.deps.db, targetId)?.lastErrorMessage).toMatch(/ECONNREFUSED/);
      expect(storeFingerprint(core, targetId)).toEqual(before);
      expect(getSessionDetail(core.deps.db, kept.id)).toEqual(keptDetail);
    } finally {
      control.before = null;
      await server.restart();
    }
    // Back up: the next sync catches up.
    expect(await core.deps.sync.sync(targetId)).toMatchObject({ status: 'ok' });
    expect(storeFingerprint(core, targetId)).toEqual(await sourceFingerprint());
  }, 120_000);

  it('a run left running after a restart is shown as lost once it cannot be alive, not as live', async () => {
    const { core, targetId, control } = createCore();
    cores.push(core);
    const { thread_id: threadId } = await api<Thread>('POST', '/threads', { metadata: { suite: 'sync' } });
    const run = await api<Run>('POST', `/threads/${threadId}/runs`, {
      assistant_id: 'agent',
      input: userInput('survive a restart sleep:60'),
    });
    await waitFor(
      async () => {
        const [current, state] = await Promise.all([
          api<Run>('GET', `/threads/${threadId}/runs/${run.run_id}`),
          api<{ next: string[] }>('GET', `/threads/${threadId}/state`),
        ]);
        return current.status === 'running' && state.next[0] === 'tools';
      },
      { timeoutMs: RUN_TIMEOUT_MS, what: 'the tool to run' },
    );
    await core.deps.sync.sync(targetId, 'full');
    expect(storedStatus(core, targetId, threadId)).toBe('running');

    await server.restart();

    // The source still says running and busy, for good (reference §7).
    expect((await api<Run>('GET', `/threads/${threadId}/runs/${run.run_id}`)).status).toBe('running');
    expect((await api<Thread>('GET', `/threads/${threadId}`)).status).toBe('busy');
    // Right after the restart nothing yet tells it from a slow node: still Running.
    await core.deps.sync.sync(targetId);
    expect(storedStatus(core, targetId, threadId)).toBe('running');

    // Once the server's clock has moved past the stale limit with no progress, it is lost.
    control.clockShiftMs = DEFAULT_STALE_RUN_MS + 60_000;
    expect(await core.deps.sync.sync(targetId)).toMatchObject({ status: 'ok' });
    const session = getSessionByRemoteId(core.deps.db, targetId, threadId)!;
    expect(session.status).toBe('failed');
    const detail = getSessionDetail(core.deps.db, session.id)!;
    expect(detail.runs[0]).toMatchObject({ remoteId: run.run_id, status: 'failed' });
    const lost = detail.activity.at(-1)!;
    expect(lost).toMatchObject({ kind: 'error', title: 'Run lost (internal)' });
    expect(lost.text).toMatch(/^Run lost: the server restarted while it was running/);
    // The other threads are untouched by the shifted clock.
    expect(storedStatus(core, targetId, seeded.interrupted)).toBe('waiting');

    control.clockShiftMs = 0;
    await api('DELETE', `/threads/${threadId}/runs/${run.run_id}`);
  }, 120_000);
});
