// The LangGraph connector's control actions against the REAL LangGraph API dev server
// (test/peers/langgraph): pause mid-tool and resume, answer an interrupt, cancel for good, delete.
// Each outcome is read back through the connector's own fetchSession, as a sync would see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSessionDetail } from '@shared/models/ingest';
import type { SessionStatus } from '@shared/models/status';
import type { Connector, ControlRequest, SessionRef } from '../../electron/main/sync/connector';
import { createLangGraphConnector } from '../../electron/main/sync/connectors/langgraph/connector';
import { createHttpClient } from '../../electron/main/sync/http';
import { startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';
import { waitFor } from '../support/temp-core';

const SERVER_START_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 60_000;

type Json = Record<string, unknown>;
interface Run {
  run_id: string;
  status: string;
}
interface ThreadState {
  next: string[];
  values: { messages?: { type: string; content: unknown }[] } | null;
}

let server: LangGraphServer;
let connector: Connector;
const http = createHttpClient({ timeoutMs: RUN_TIMEOUT_MS });

async function api<T = Json>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  route: string,
  json?: unknown,
): Promise<T> {
  return (await http({ method, url: `${server.url}${route}`, json })).body as T;
}

const userInput = (content: string): Json => ({ messages: [{ role: 'user', content }] });
const ref = (threadId: string): SessionRef => ({
  remoteId: threadId,
  kind: 'agent',
  scope: null,
  updatedAt: null,
});
const fetchDetail = (threadId: string): Promise<IngestSessionDetail> => connector.fetchSession(ref(threadId));
const runsOf = (threadId: string): Promise<Run[]> =>
  api<Run[]>('GET', `/threads/${threadId}/runs?limit=1000&offset=0`);

async function control(
  action: ControlRequest['action'],
  threadId: string,
  extra: Partial<ControlRequest> = {},
): Promise<void> {
  // What the control service passes: the session's component (assistant) and its latest run.
  const detail = await fetchDetail(threadId).catch(() => null);
  await connector.control({
    action,
    session: ref(threadId),
    runRemoteId: detail?.runs.at(-1)?.remoteId ?? null,
    componentId: detail?.session.component.id ?? null,
    ...extra,
  });
}

async function untilStatus(threadId: string, status: SessionStatus): Promise<IngestSessionDetail> {
  let last: SessionStatus | null = null;
  return waitFor(
    async () => {
      const detail = await fetchDetail(threadId);
      last = detail.session.status;
      return last === status ? detail : null;
    },
    { timeoutMs: RUN_TIMEOUT_MS, what: `thread ${threadId} to be ${status} (last: ${String(last)})` },
  );
}

/** A background run whose slow tool is running now. */
async function startInTool(content: string): Promise<{ threadId: string; runId: string }> {
  const { thread_id: threadId } = await api<{ thread_id: string }>('POST', '/threads', {
    metadata: { suite: 'control' },
  });
  const run = await api<Run>('POST', `/threads/${threadId}/runs`, {
    assistant_id: 'agent',
    input: userInput(content),
  });
  await waitFor(
    async () => {
      const detail = await fetchDetail(threadId);
      const step = detail.activity.at(-1);
      return detail.session.status === 'running' && step?.kind === 'step' && step.title === 'tools';
    },
    { timeoutMs: RUN_TIMEOUT_MS, what: 'the tool to run' },
  );
  return { threadId, runId: run.run_id };
}

beforeAll(async () => {
  server = await startLangGraphServer();
  connector = createLangGraphConnector({ baseUrl: server.url, authMode: 'none', credential: null, http });
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, 30_000);

describe('LangGraph control against the real server', () => {
  it('pause mid-tool → Paused (run interrupted, checkpoint kept) → resume → completes with the tool rerun', async () => {
    const { threadId, runId } = await startInTool('pause me sleep:3 noreview');

    await control('pause', threadId);
    const paused = await untilStatus(threadId, 'paused');
    expect((await api<Run>('GET', `/threads/${threadId}/runs/${runId}`)).status).toBe('interrupted');
    expect((await api<ThreadState>('GET', `/threads/${threadId}/state`)).next).toEqual(['tools']);
    expect(paused.runs.map((r) => r.status)).toEqual(['paused']);
    expect(paused.activity.find((a) => a.kind === 'tool-call')!.tool).toMatchObject({ state: 'waiting' });

    await control('resume', threadId);
    const done = await untilStatus(threadId, 'completed');
    const runs = await runsOf(threadId);
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'success']);
    expect(done.runs.map((r) => r.status)).toEqual(['paused', 'completed']);
    const toolSteps = done.activity.filter((a) => a.kind === 'step' && a.title === 'tools');
    expect(toolSteps.map((s) => s.runRemoteId)).toEqual([runId, runs[1]!.run_id]);
    expect(toolSteps[1]!.text).toMatch(/rerun after resume, ran in 3\.\d s/);
    const call = done.activity.find((a) => a.kind === 'tool-call')!;
    expect(call.tool).toMatchObject({ state: 'succeeded' });
    expect(call.tool!.result?.body).toBe(
      'result for "pause me sleep:3 noreview" after 3s: PAUSE ME SLEEP:3 NOREVIEW (25 chars)',
    );
    expect(done.activity.at(-1)!.text).toMatch(/^Thinking done\. The tool said: result for "pause me/);
  }, 120_000);

  it('respond to an interrupt → the review resumes with the answer and completes', async () => {
    const { thread_id: threadId } = await api<{ thread_id: string }>('POST', '/threads', { metadata: {} });
    await api('POST', `/threads/${threadId}/runs/wait`, {
      assistant_id: 'agent',
      input: userInput('weather in Oslo'),
    });
    const waiting = await untilStatus(threadId, 'waiting');
    expect(waiting.activity.at(-1)).toMatchObject({ kind: 'input-wait', title: 'Approve this answer?' });

    await control('respond', threadId, { response: { approved: true, note: 'ship it' } });
    const done = await untilStatus(threadId, 'completed');
    expect(done.activity.at(-1)).toMatchObject({
      kind: 'message',
      role: 'assistant',
      text: 'Reviewer said: {"approved":true,"note":"ship it"}',
    });
    expect(done.activity.find((a) => a.sourceType === 'run.command.resume')).toBeDefined();
  }, 120_000);

  it('cancel a running run → Canceled at once, and not resumable', async () => {
    const { threadId, runId } = await startInTool('cancel me sleep:30');

    const started = Date.now();
    await control('cancel', threadId);
    expect(Date.now() - started).toBeLessThan(15_000); // the tool honours the interrupt
    expect((await api<Run>('GET', `/threads/${threadId}/runs/${runId}`)).status).toBe('interrupted');
    const thread = await api<{ metadata: Json }>('GET', `/threads/${threadId}`);
    expect(thread.metadata.tracedeck_canceled).toMatchObject({ run_id: runId });
    const canceled = await fetchDetail(threadId);
    expect(canceled.session.status).toBe('canceled');
    expect(canceled.runs[0]!.status).toBe('canceled');
    expect(canceled.session.finishedAt).not.toBeNull();

    // Tracedeck will not resume it…
    await expect(control('resume', threadId)).rejects.toMatchObject({ code: 'conflict' });
    expect(await runsOf(threadId)).toHaveLength(1);
    // …and neither can another client: the state was moved to its end, so continuing runs nothing.
    expect((await api<ThreadState>('GET', `/threads/${threadId}/state`)).next).toEqual([]);
    await api('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'agent', input: null });
    const messages = (await api<ThreadState>('GET', `/threads/${threadId}/state`)).values?.messages ?? [];
    expect(messages.some((m) => m.type === 'tool')).toBe(false);
  }, 120_000);

  it('cancel a thread waiting for input → Canceled; it can no longer be answered', async () => {
    const { thread_id: threadId } = await api<{ thread_id: string }>('POST', '/threads', { metadata: {} });
    await api('POST', `/threads/${threadId}/runs/wait`, {
      assistant_id: 'agent',
      input: userInput('weather in Bergen'),
    });
    await untilStatus(threadId, 'waiting');

    await control('cancel', threadId);
    expect((await fetchDetail(threadId)).session.status).toBe('canceled');
    await expect(control('respond', threadId, { response: 'yes' })).rejects.toMatchObject({
      code: 'conflict',
    });
  }, 120_000);

  it('delete → the thread is gone at the source', async () => {
    const { thread_id: threadId } = await api<{ thread_id: string }>('POST', '/threads', { metadata: {} });
    await api('POST', `/threads/${threadId}/runs/wait`, {
      assistant_id: 'agent',
      input: userInput('short notool noreview'),
    });
    await untilStatus(threadId, 'completed');

    await control('delete', threadId);
    const response = await fetch(`${server.url}/threads/${threadId}`);
    expect(response.status).toBe(404);
    await expect(fetchDetail(threadId)).rejects.toMatchObject({ code: 'not-found' });
  }, 120_000);
});
