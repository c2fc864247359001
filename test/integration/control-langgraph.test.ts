import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listControlEntries } from '../../electron/main/db/control-repo';
import { getSessionByRemoteId } from '../../electron/main/db/sessions-repo';
import { createTarget } from '../../electron/main/db/targets-repo';
import { startLangGraphServer } from '../peers/langgraph/server';
import { createTempCore, waitFor, type TempCore } from '../support/temp-core';

// The control service end to end against the REAL LangGraph API server: what the UI's buttons do.
type Server = Awaited<ReturnType<typeof startLangGraphServer>>;

let server: Server;
let core: TempCore;
let targetId: string;

beforeAll(async () => {
  server = await startLangGraphServer();
  core = createTempCore({
    actor: 'ana',
    controlPollIntervalMs: 200,
    controlConfirmTimeoutMs: 45_000,
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  });
  targetId = createTarget(core.deps.store, {
    name: 'LangGraph dev',
    kind: 'langgraph',
    location: 'local',
    baseUrl: server.url,
    authMode: 'none',
    hasCredential: false,
    enabled: true,
    readOnly: false,
  }).id;
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await server?.stop();
}, 60_000);

async function api<T = unknown>(
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A thread with a background run; with `sleep:N` it sits in the slow tool for N seconds. */
async function startThread(message: string): Promise<string> {
  const thread = await api<{ thread_id: string }>('/threads', {
    metadata: { user_id: 'ana', project: 'control-tests' },
  });
  await api(`/threads/${thread.thread_id}/runs`, {
    assistant_id: 'agent',
    input: { messages: [{ role: 'human', content: message }] },
  });
  return thread.thread_id;
}

async function waitInTool(threadId: string): Promise<void> {
  await waitFor(
    async () => (await api<{ next: string[] }>(`/threads/${threadId}/state`)).next[0] === 'tools',
    { timeoutMs: 30_000, what: 'the run to reach the slow tool' },
  );
}

async function syncedId(threadId: string): Promise<string> {
  await core.deps.sync.engine.refreshSessions(targetId, [
    { remoteId: threadId, kind: 'agent', scope: null, updatedAt: null },
  ]);
  const session = getSessionByRemoteId(core.deps.db, targetId, threadId);
  if (!session) throw new Error(`thread ${threadId} did not sync`);
  return session.id;
}

const statusOf = (id: string): string | undefined =>
  (
    core.deps.db.prepare('select status from sessions where id = ?').get(Number(id)) as
      { status: string } | undefined
  )?.status;

describe('control against the real LangGraph server', () => {
  it('pauses mid-tool, shows Pausing then Paused, and resumes to completion with the tool rerun', async () => {
    const threadId = await startThread('lookup:oslo sleep:4 noreview');
    await waitInTool(threadId);
    const id = await syncedId(threadId);
    expect(statusOf(id)).toBe('running');

    const paused = await core.deps.control.request(id, 'pause');
    expect(paused).toMatchObject({ ok: true, status: 'pausing' });
    await waitFor(() => statusOf(id) === 'paused', { timeoutMs: 30_000, what: 'Paused' });
    expect((await api<{ next: string[] }>(`/threads/${threadId}/state`)).next).toEqual(['tools']);

    const resumed = await core.deps.control.request(id, 'resume');
    expect(resumed.ok, resumed.error?.message).toBe(true);
    await waitFor(
      async () => {
        await core.deps.sync.engine.refreshSessions(targetId, [
          { remoteId: threadId, kind: 'agent', scope: null, updatedAt: null },
        ]);
        return statusOf(id) === 'completed';
      },
      { timeoutMs: 40_000, what: 'Completed after resume' },
    );
    const state = await api<{ values: { messages: { type: string; content: string }[] } }>(
      `/threads/${threadId}/state`,
    );
    expect(state.values.messages.filter((m) => m.type === 'tool').map((m) => m.content)).toEqual([
      expect.stringContaining('OSLO'),
    ]);
    await core.deps.control.settled();
    expect(listControlEntries(core.deps.db, id).map((e) => `${e.action}:${e.phase}`)).toEqual([
      'pause:requested',
      'pause:completed',
      'resume:requested',
      'resume:completed',
    ]);
  }, 120_000);

  it('answers an interrupt and the run completes with the reviewer’s words', async () => {
    const threadId = await startThread('lookup:bergen');
    await waitFor(
      async () => (await api<{ status: string }>(`/threads/${threadId}`)).status === 'interrupted',
      {
        timeoutMs: 30_000,
        what: 'the review interrupt',
      },
    );
    const id = await syncedId(threadId);
    expect(statusOf(id)).toBe('waiting');
    const answered = await core.deps.control.request(id, 'respond', 'ship it');
    expect(answered.ok, answered.error?.message).toBe(true);
    await waitFor(
      async () => {
        await core.deps.sync.engine.refreshSessions(targetId, [
          { remoteId: threadId, kind: 'agent', scope: null, updatedAt: null },
        ]);
        return statusOf(id) === 'completed';
      },
      { timeoutMs: 30_000, what: 'Completed after the answer' },
    );
    const state = await api<{ values: { messages: { content: string }[] } }>(`/threads/${threadId}/state`);
    expect(state.values.messages.at(-1)?.content).toMatch(/Reviewer said.*ship it/);
  }, 90_000);

  it('cancels: Canceling, then Canceled, and a canceled session cannot be resumed', async () => {
    const threadId = await startThread('lookup:tromso sleep:6 noreview');
    await waitInTool(threadId);
    const id = await syncedId(threadId);
    const canceled = await core.deps.control.request(id, 'cancel');
    expect(canceled).toMatchObject({ ok: true, status: 'canceling' });
    await waitFor(() => statusOf(id) === 'canceled', { timeoutMs: 30_000, what: 'Canceled' });
    expect(await core.deps.control.request(id, 'resume')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await core.deps.control.describe([id])).map((a) => a.action)).toEqual(['delete']);
  }, 90_000);

  it('bulk-pauses three running sessions with a result for each', async () => {
    const threads = await Promise.all(
      ['a', 'b', 'c'].map((q) => startThread(`lookup:${q}${q}${q} sleep:8 noreview`)),
    );
    await Promise.all(threads.map(waitInTool));
    const ids = await Promise.all(threads.map(syncedId));
    const outcomes = await core.deps.control.requestMany(ids, 'pause');
    expect(outcomes.map((o) => [o.sessionId, o.ok, o.status])).toEqual(
      ids.map((id) => [id, true, 'pausing']),
    );
    await waitFor(() => ids.every((id) => statusOf(id) === 'paused'), {
      timeoutMs: 45_000,
      what: 'all paused',
    });
  }, 120_000);

  it('deletes a finished thread at the source and locally', async () => {
    const threadId = await startThread('notool noreview');
    await waitFor(async () => (await api<{ status: string }>(`/threads/${threadId}`)).status === 'idle', {
      timeoutMs: 30_000,
      what: 'the run to finish',
    });
    const id = await syncedId(threadId);
    expect(statusOf(id)).toBe('completed');
    expect(await core.deps.control.request(id, 'delete')).toMatchObject({ ok: true, status: null });
    const response = await fetch(`${server.url}/threads/${threadId}`);
    expect(response.status).toBe(404);
    expect(getSessionByRemoteId(core.deps.db, targetId, threadId)).toBeNull();
  }, 60_000);
});
