// The real LangGraph API dev server with the project's test graph (test/peers/langgraph), driven
// with plain fetch: proves the acceptance checks of shared/reference/langgraph-api.md §4 and the
// sync-related endpoints the connector relies on. Polls with deadlines; no fixed sleeps.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Message = {
  type: string;
  content: string;
  name?: string | null;
  status?: string;
  tool_calls?: { id: string; name: string; args: Record<string, Json> }[];
  additional_kwargs?: Record<string, Json>;
};
type Thread = {
  thread_id: string;
  created_at: string;
  updated_at: string;
  status: 'idle' | 'busy' | 'interrupted' | 'error';
  metadata: Record<string, Json>;
};
type Run = {
  run_id: string;
  thread_id: string;
  status: 'pending' | 'running' | 'success' | 'error' | 'interrupted' | 'timeout';
  kwargs: { input?: Json; command?: { resume?: Json } | null };
  created_at: string;
};
type Checkpoint = { thread_id: string; checkpoint_id: string; checkpoint_ns: string };
type Task = {
  id: string;
  name: string;
  error: string | null;
  interrupts: { id: string; value: Json }[];
  checkpoint: { checkpoint_ns: string } | null;
};
type ThreadState = {
  values: { messages?: Message[] } | null;
  next: string[];
  tasks: Task[];
  metadata: { step: number; source: string; run_id?: string } & Record<string, Json>;
  checkpoint: Checkpoint;
  parent_checkpoint: Checkpoint | null;
  created_at: string;
};
type Interrupted = { __interrupt__: { id: string; value: { question: string; draft: string } }[] };
type Failed = { __error__: { error: string; message: string } };

const ASSISTANT = 'agent';
const SERVER_START_TIMEOUT_MS = 180_000; // install from the registry (first run) + a cold start
const RUN_TIMEOUT_MS = 60_000;

let server: LangGraphServer;

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  // No content-type on bodiless requests: the server rejects an empty JSON body (reference §10.15).
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown = text;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the raw text (error pages)
    }
  }
  return { status: response.status, body: parsed as T };
}

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const result = await api<T>(method, path, body);
  if (result.status >= 300) {
    throw new Error(`${method} ${path} → ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

/** Polls until `check` returns a value other than undefined, or fails with the last value seen. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function userInput(content: string): { messages: { role: 'user'; content: string }[] } {
  return { messages: [{ role: 'user', content }] };
}

async function createThread(metadata: Record<string, Json> = {}): Promise<Thread> {
  return ok<Thread>('POST', '/threads', { metadata: { suite: 'langgraph-server', ...metadata } });
}

function wait<T>(threadId: string, body: Record<string, unknown>): Promise<T> {
  return ok<T>('POST', `/threads/${threadId}/runs/wait`, { assistant_id: ASSISTANT, ...body });
}

const getThread = (id: string): Promise<Thread> => ok<Thread>('GET', `/threads/${id}`);
const getState = (id: string): Promise<ThreadState> => ok<ThreadState>('GET', `/threads/${id}/state`);
const listRuns = (id: string): Promise<Run[]> =>
  // offset=0 and a large limit: the server's run paging is broken for offset > 0 (reference §8).
  ok<Run[]>('GET', `/threads/${id}/runs?limit=1000&offset=0`);
const messagesOf = (state: ThreadState): Message[] => state.values?.messages ?? [];

/** Starts a background run and returns once its tool is running (state `next == ['tools']`). */
async function startRunInTool(threadId: string, content: string): Promise<Run> {
  const run = await ok<Run>('POST', `/threads/${threadId}/runs`, {
    assistant_id: ASSISTANT,
    input: userInput(content),
  });
  expect(run.status).toBe('pending');
  await waitFor(`run ${run.run_id} to reach the tool`, async () => {
    const [current, state] = await Promise.all([
      ok<Run>('GET', `/threads/${threadId}/runs/${run.run_id}`),
      getState(threadId),
    ]);
    if (current.status !== 'pending' && current.status !== 'running') {
      throw new Error(`run ended as ${current.status} before its tool was cancelled`);
    }
    return current.status === 'running' && state.next[0] === 'tools' ? true : undefined;
  });
  return run;
}

beforeAll(async () => {
  server = await startLangGraphServer();
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, 30_000);

describe('LangGraph API dev server with the test graph', () => {
  it('answers /ok and /info, and serves one assistant per graph', async () => {
    expect(await ok('GET', '/ok')).toEqual({ ok: true });
    const info = await ok<{ version: string; flags: Record<string, boolean> }>('GET', '/info');
    expect(info.version).toBe('1.5.1');
    expect(info.flags.langsmith).toBe(false);
    const assistants = await ok<{ assistant_id: string; graph_id: string }[]>('POST', '/assistants/search', {
      limit: 10,
    });
    expect(assistants.map((a) => a.graph_id).sort()).toEqual(['agent', 'researcher']);
    const graph = await ok<{ nodes: { id: string }[] }>('GET', '/assistants/agent/graph?xray=true');
    expect(graph.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['agent', 'tools', 'review', 'researcher:plan', 'researcher:summarize']),
    );
  });

  it('refuses a fixed port that is taken, at once (the server would hang on it)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const started = Date.now();
      await expect(startLangGraphServer({ port })).rejects.toBeInstanceOf(PortInUseError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  describe('human review: interrupt, then resume', () => {
    let threadId = '';

    it('runs/wait stops at the review interrupt with the question', async () => {
      threadId = (await createThread({ user: 'alice', app: 'inspector' })).thread_id;
      const result = await wait<Interrupted>(threadId, { input: userInput('weather in Oslo sleep:1') });
      expect(result.__interrupt__[0]?.value.question).toBe('Approve this answer?');
      expect(result.__interrupt__[0]?.value.draft).toContain('result for "weather in Oslo sleep:1" after 1s');

      const thread = await getThread(threadId);
      expect(thread.status).toBe('interrupted');
      expect(thread.metadata).toMatchObject({ user: 'alice', app: 'inspector', graph_id: 'agent' });
      const state = await getState(threadId);
      expect(state.next).toEqual(['review']);
      expect(state.tasks[0]?.interrupts[0]?.value).toMatchObject({ question: 'Approve this answer?' });
      // The fake model's first turn: reasoning text plus a tool call; then the tool's result.
      const [human, plan, toolResult, answer] = messagesOf(state);
      expect(human?.type).toBe('human');
      expect(plan?.content).toMatch(/^Reasoning: /);
      expect(plan?.additional_kwargs?.reasoning_content).toContain('slow_lookup');
      expect(plan?.tool_calls?.[0]).toMatchObject({ name: 'slow_lookup', args: { seconds: 1 } });
      expect(toolResult).toMatchObject({ type: 'tool', name: 'slow_lookup', status: 'success' });
      expect(answer?.content).toMatch(/^Thinking done\. The tool said: /);
    });

    it('resuming with command.resume ends with "Reviewer said"', async () => {
      const result = await wait<{ messages: Message[] }>(threadId, {
        command: { resume: { approved: true, note: 'ship it' } },
      });
      expect(result.messages.at(-1)?.content).toBe('Reviewer said: {"approved":true,"note":"ship it"}');
      expect((await getThread(threadId)).status).toBe('idle');
      expect((await getState(threadId)).next).toEqual([]);
    });

    it('lists the thread runs oldest first, the second one a resume', async () => {
      const runs = await listRuns(threadId);
      expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
      expect(runs[0]?.kwargs.input).toEqual(userInput('weather in Oslo sleep:1'));
      // A resume sent without `input` has no input key in kwargs (the reference's sample sent null).
      expect(runs[1]?.kwargs.input ?? null).toBeNull();
      expect(runs[1]?.kwargs.command?.resume).toEqual({ approved: true, note: 'ship it' });
      expect(Date.parse(runs[0]?.created_at ?? '')).toBeLessThanOrEqual(
        Date.parse(runs[1]?.created_at ?? ''),
      );
    });

    it('pages checkpoint history newest first with the before cursor', async () => {
      const all = await ok<ThreadState[]>('GET', `/threads/${threadId}/history?limit=100`);
      // input, agent, tools, agent, review (interrupt) from the first run; one more from the resume.
      expect(all.length).toBe(6);
      const steps = all.map((state) => state.metadata.step);
      expect(steps).toEqual([...steps].sort((a, b) => b - a));
      expect(all.at(-1)?.metadata.source).toBe('input');
      // Every checkpoint names the run that wrote it.
      const runIds = new Set((await listRuns(threadId)).map((run) => run.run_id));
      for (const state of all) expect(runIds.has(String(state.metadata.run_id))).toBe(true);

      const cursor = all[1]?.checkpoint.checkpoint_id;
      const page = await ok<ThreadState[]>('POST', `/threads/${threadId}/history`, {
        limit: 2,
        before: cursor,
      });
      expect(page.map((state) => state.checkpoint.checkpoint_id)).toEqual(
        all.slice(2, 4).map((state) => state.checkpoint.checkpoint_id),
      );
    });
  });

  describe('pause mid-tool, then continue from the checkpoint', () => {
    let threadId = '';
    let runId = '';

    it('cancel with action=interrupt&wait=true leaves the run interrupted at the tools node', async () => {
      threadId = (await createThread({ scenario: 'pause' })).thread_id;
      runId = (await startRunInTool(threadId, 'long task sleep:6')).run_id;

      const started = Date.now();
      const cancel = await api(
        'POST',
        `/threads/${threadId}/runs/${runId}/cancel?action=interrupt&wait=true`,
      );
      expect(cancel.status).toBe(204);
      // The tool honours config.signal: the 6 s sleep is cut short.
      expect(Date.now() - started).toBeLessThan(5_000);

      const run = await ok<Run>('GET', `/threads/${threadId}/runs/${runId}`);
      expect(run.status).toBe('interrupted');
      const state = await getState(threadId);
      expect(state.next[0]).toBe('tools');
      expect(messagesOf(state).some((message) => message.type === 'tool')).toBe(false);
      // The thread says idle, not interrupted (reference §7).
      expect((await getThread(threadId)).status).toBe('idle');
    });

    it('runs/wait with input null reruns the tool and reaches the review interrupt', async () => {
      const result = await wait<Interrupted>(threadId, { input: null });
      expect(result.__interrupt__[0]?.value.question).toBe('Approve this answer?');
      const messages = messagesOf(await getState(threadId));
      expect(messages.filter((message) => message.type === 'tool').map((message) => message.content)).toEqual(
        ['result for "long task sleep:6" after 6s: LONG TASK SLEEP:6 (17 chars)'],
      );
      const runs = await listRuns(threadId);
      expect(runs.map((run) => run.status)).toEqual(['interrupted', 'success']);
      expect((await getThread(threadId)).status).toBe('interrupted');
    });
  });

  it('a message with the fail keyword ends the run in error with a clear message', async () => {
    const threadId = (await createThread({ scenario: 'fail' })).thread_id;
    const result = await wait<Failed>(threadId, { input: userInput('please fail now') });
    expect(result.__error__.message).toContain('demo failure requested by input');

    const [run] = await listRuns(threadId);
    expect(run?.status).toBe('error');
    expect((await getThread(threadId)).status).toBe('error');
    const state = await getState(threadId);
    expect(state.next).toEqual(['agent']);
    expect(state.tasks[0]?.error).toContain('demo failure requested by input');
  });

  it('completes without review; lookups give different tool results; toolfail gives an error result', async () => {
    const threadId = (await createThread({ scenario: 'complete' })).thread_id;
    const result = await wait<{ messages: Message[] }>(threadId, {
      input: userInput('compare lookup:oslo lookup:bergen noreview'),
    });
    const tools = result.messages
      .filter((message) => message.type === 'tool')
      .map((message) => message.content);
    expect(tools).toEqual([
      'result for "oslo" after 0.2s: OSLO (4 chars)',
      'result for "bergen" after 0.2s: BERGEN (6 chars)',
    ]);
    expect(result.messages.at(-1)?.content).toContain('BERGEN (6 chars)');
    expect((await getThread(threadId)).status).toBe('idle');
    expect((await listRuns(threadId))[0]?.status).toBe('success');

    const failing = (await createThread({ scenario: 'toolfail' })).thread_id;
    const broken = await wait<{ messages: Message[] }>(failing, {
      input: userInput('lookup:x toolfail noreview'),
    });
    const toolMessage = broken.messages.find((message) => message.type === 'tool');
    expect(toolMessage?.status).toBe('error');
    expect(toolMessage?.content).toContain('lookup failed for "x toolfail"');
    expect((await getThread(failing)).status).toBe('idle');
  });

  it('the researcher subgraph shows up in the history and has checkpoints of its own', async () => {
    const threadId = (await createThread({ scenario: 'research' })).thread_id;
    const result = await wait<{ messages: Message[] }>(threadId, {
      input: userInput('research:fjords notool noreview'),
    });
    const fromResearcher = result.messages.filter((message) => message.name === 'researcher');
    expect(fromResearcher.map((message) => message.content)).toEqual([
      'Research plan: read two sources about fjords.',
      'Findings on fjords: result for "fjords" after 0s: FJORDS (6 chars)',
    ]);

    const history = await ok<ThreadState[]>('GET', `/threads/${threadId}/history?limit=100`);
    const before = history.find((state) => state.next.includes('researcher'));
    const task = before?.tasks.find((candidate) => candidate.name === 'researcher');
    const namespace = task?.checkpoint?.checkpoint_ns ?? '';
    expect(namespace).toMatch(/^researcher:/);

    const inner = await ok<ThreadState[]>('POST', `/threads/${threadId}/history`, {
      limit: 100,
      checkpoint: { checkpoint_ns: namespace },
    });
    expect(inner.every((state) => state.checkpoint.checkpoint_ns === namespace)).toBe(true);
    expect(inner.flatMap((state) => state.next)).toEqual(expect.arrayContaining(['plan', 'summarize']));
  });

  it('searches threads by metadata, sorted by updated_at desc; PATCH bumps updated_at', async () => {
    const batch = `batch-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createThread({ batch, index: i })).thread_id);
    const search = (): Promise<Thread[]> =>
      ok<Thread[]>('POST', '/threads/search', {
        metadata: { batch },
        sort_by: 'updated_at',
        sort_order: 'desc',
        limit: 100,
      });

    const first = await search();
    expect(new Set(first.map((thread) => thread.thread_id))).toEqual(new Set(ids));
    const times = first.map((thread) => Date.parse(thread.updated_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const oldest = first.at(-1)?.thread_id ?? '';
    await ok('PATCH', `/threads/${oldest}`, { metadata: { touched: true } });
    const second = await search();
    expect(second[0]?.thread_id).toBe(oldest);
    expect(second[0]?.metadata).toMatchObject({ batch, touched: true });
    expect(await ok<number>('POST', '/threads/count', { metadata: { batch } })).toBe(3);
  });

  it('deletes a thread with its runs', async () => {
    const threadId = (await createThread({ scenario: 'delete' })).thread_id;
    await wait(threadId, { input: userInput('short notool noreview') });
    const deleted = await api('DELETE', `/threads/${threadId}`);
    expect(deleted.status).toBe(204);
    const missing = await api<{ detail?: string }>('GET', `/threads/${threadId}`);
    expect(missing.status).toBe(404);
    expect((await api('GET', `/threads/${threadId}/runs`)).status).toBe(404);
  });

  it('restart keeps the state; a run in flight stays running and blocks its thread', async () => {
    const finished = (await createThread({ scenario: 'restart-kept' })).thread_id;
    await wait(finished, { input: userInput('short notool noreview') });
    const threadId = (await createThread({ scenario: 'restart' })).thread_id;
    const runId = (await startRunInTool(threadId, 'survive a restart sleep:60')).run_id;

    await server.restart();

    expect(await ok('GET', '/ok')).toEqual({ ok: true });
    expect((await getThread(finished)).status).toBe('idle');
    expect(messagesOf(await getState(finished)).at(-1)?.content).toContain('No tool needed');
    // Reference §7: the queue only picks up pending runs, so this one stays "running" for good.
    expect((await ok<Run>('GET', `/threads/${threadId}/runs/${runId}`)).status).toBe('running');
    expect((await getThread(threadId)).status).toBe('busy');
    expect(
      (await api('POST', `/threads/${threadId}/runs`, { assistant_id: ASSISTANT, input: null })).status,
    ).toBe(422);
    // Deleting the stuck run unblocks the thread.
    expect((await api('DELETE', `/threads/${threadId}/runs/${runId}`)).status).toBe(204);
    const done = await wait<{ messages: Message[] }>(threadId, { input: userInput('again notool noreview') });
    expect(done.messages.at(-1)?.content).toContain('No tool needed');
  }, 120_000);
});
