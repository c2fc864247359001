// The LangGraph mapping against records captured from the real server (test/fixtures/langgraph,
// written by capture.ts there), plus synthetic variations of them for what the test graph
// cannot produce (token usage, content blocks, serialised messages, stale runs).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestActivity, IngestSessionDetail } from '@shared/models/ingest';
import {
  DEFAULT_STALE_RUN_MS,
  mapRunStatus,
  mapThreadDetail,
  threadToRef,
  type ThreadRecords,
} from '../../../../electron/main/sync/connectors/langgraph/mapping';
import { isoToMs } from '../../../../electron/main/sync/connectors/ingest-helpers';
import { SourceError } from '../../../../electron/main/sync/errors';

type Json = Record<string, unknown>;

const fixture = (name: string): ThreadRecords =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../../fixtures/langgraph', `${name}.json`), 'utf8'),
  ) as ThreadRecords;

const map = (records: ThreadRecords, staleRunAfterMs?: number): IngestSessionDetail =>
  mapThreadDetail(records, { now: 0, ...(staleRunAfterMs === undefined ? {} : { staleRunAfterMs }) });

const kinds = (activity: IngestActivity[]): string[] =>
  activity.map((a) => `${a.kind}:${a.kind === 'message' || a.kind === 'reasoning' ? a.role : a.title}`);

const thread = (records: ThreadRecords): Json => records.thread as Json;
const runs = (records: ThreadRecords): Json[] => records.runs as Json[];
const at = (value: unknown): number => isoToMs(String(value)) ?? Number.NaN;

/** Applies `patch` to every copy of the message with `id` in every checkpoint of the records. */
function patchMessage(records: ThreadRecords, id: string, patch: (message: Json) => Json): ThreadRecords {
  const copy = structuredClone(records);
  for (const state of copy.history as { values?: { messages?: Json[] } }[]) {
    const messages = state.values?.messages;
    if (!messages) continue;
    state.values!.messages = messages.map((message) => (message.id === id ? patch(message) : message));
  }
  return copy;
}

function isChronological(activity: IngestActivity[]): boolean {
  const times = activity.map((a) => a.at).filter((t): t is number => t !== null);
  return times.every((t, i) => i === 0 || t >= times[i - 1]!);
}

describe('LangGraph mapping: a completed thread with two tool calls', () => {
  const records = fixture('completed-tools');
  const detail = map(records);
  const [run] = runs(records);

  it('maps the thread to a session: metadata gives actor, project and trigger; the first message names it', () => {
    expect(detail.session).toMatchObject({
      remoteId: thread(records).thread_id,
      kind: 'agent',
      status: 'completed',
      name: 'compare lookup:oslo lookup:bergen noreview',
      prompt: 'compare lookup:oslo lookup:bergen noreview',
      actor: 'ana',
      project: 'travel',
      trigger: { type: 'cli', source: 'ana', raw: '"cli"' },
      component: { type: 'agent', id: 'fe096781-5601-53d2-b2f6-0d3403f7e9ca', name: 'agent' },
      createdAt: at(thread(records).created_at),
      remoteUpdatedAt: at(thread(records).updated_at),
      startedAt: at(run!.created_at),
      finishedAt: at(run!.updated_at),
      durationMs: at(run!.updated_at) - at(run!.created_at),
      toolCallCount: 2,
      errorCount: 0,
      tokens: { input: null, output: null, total: null },
      models: [],
      services: [],
    });
  });

  it('maps the run with its input, final answer and timings', () => {
    expect(detail.runs).toHaveLength(1);
    expect(detail.runs[0]).toMatchObject({
      remoteId: run!.run_id,
      status: 'completed',
      componentName: 'agent',
      input: { contentType: 'text/plain', body: 'compare lookup:oslo lookup:bergen noreview' },
      error: null,
      createdAt: at(run!.created_at),
      finishedAt: at(run!.updated_at),
    });
    expect(detail.runs[0]!.output?.body).toMatch(/^Thinking done\. The tool said: result for "oslo"/);
  });

  it('builds the feed in order: message, node steps, reasoning, tool calls paired with their results', () => {
    expect(kinds(detail.activity)).toEqual([
      'message:user',
      'step:agent',
      'reasoning:assistant',
      'message:assistant',
      'tool-call:slow_lookup',
      'tool-call:slow_lookup',
      'step:tools',
      'step:agent',
      'message:assistant',
    ]);
    expect(isChronological(detail.activity)).toBe(true);
    expect(detail.activity.every((a) => a.runRemoteId === run!.run_id)).toBe(true);
    const [oslo, bergen] = detail.activity.filter((a) => a.kind === 'tool-call');
    expect(oslo!.tool).toMatchObject({
      name: 'slow_lookup',
      state: 'succeeded',
      args: { contentType: 'application/json', body: '{"query":"oslo","seconds":0.2}' },
      result: { contentType: 'text/plain', body: 'result for "oslo" after 0.2s: OSLO (4 chars)' },
      errorCategory: null,
    });
    expect(oslo!.tool!.callId).toMatch(/^call_/);
    expect(bergen!.tool!.result?.body).toBe('result for "bergen" after 0.2s: BERGEN (6 chars)');
    // The tool slept 0.2 s: its duration comes from the checkpoints around the tools node.
    expect(oslo!.tool!.durationMs).toBeGreaterThanOrEqual(200);
    expect(oslo!.tool!.durationMs).toBeLessThan(2_000);
  });

  it('shows each message once although every checkpoint repeats the whole list', () => {
    const stored = (records.history[0] as { values: { messages: unknown[] } }).values.messages;
    expect(stored).toHaveLength(5); // human, AI (calls), two tool results, AI answer
    expect(detail.activity.filter((a) => a.kind === 'message')).toHaveLength(3);
    expect(detail.activity.filter((a) => a.kind === 'reasoning')[0]!.text).toMatch(/^The user asked:/);
  });

  it('times node steps from the checkpoints around them', () => {
    const steps = detail.activity.filter((a) => a.kind === 'step');
    expect(steps.map((s) => s.text)).toEqual([
      expect.stringMatching(/^Step 1: ran in \d+ ms$/),
      expect.stringMatching(/^Step 2: ran in \d+ ms$/),
      expect.stringMatching(/^Step 3: ran in \d+ ms$/),
    ]);
    const checkpointTimes = [...records.history].reverse().map((s) => at((s as Json).created_at));
    expect(steps.map((s) => s.at)).toEqual(checkpointTimes.slice(1, 4));
  });

  it('keeps every raw record: the thread, its runs and each checkpoint', () => {
    expect(detail.raw.map((r) => r.entity)).toEqual([
      'session',
      'run',
      ...records.history.map(() => 'activity'),
    ]);
    expect(detail.raw[0]!.json).toBe(JSON.stringify(records.thread));
    const checkpointIds = records.history.map(
      (s) => `checkpoint:${((s as Json).checkpoint as Json).checkpoint_id}`,
    );
    expect(detail.raw.slice(2).map((r) => r.remoteId)).toEqual(checkpointIds);
    expect(detail.raw.every((r) => r.parseError === undefined)).toBe(true);
  });

  it('is listed with the thread updated time', () => {
    expect(threadToRef(records.thread)).toEqual({
      remoteId: thread(records).thread_id,
      kind: 'agent',
      scope: null,
      updatedAt: at(thread(records).updated_at),
    });
    expect(threadToRef({ nope: true })).toBeNull();
  });
});

describe('LangGraph mapping: failures', () => {
  it('a node error fails the run and the session, with an error item naming node and category', () => {
    const records = fixture('failed');
    const detail = map(records);
    expect(detail.session).toMatchObject({
      status: 'failed',
      actor: 'bob',
      errorCount: 1,
      trigger: { type: 'schedule', source: 'nightly' },
    });
    expect(detail.runs[0]).toMatchObject({
      status: 'failed',
      output: null,
      error: { contentType: 'text/plain', body: 'demo failure requested by input' },
    });
    expect(kinds(detail.activity)).toEqual(['message:user', 'step:agent', 'error:Error in agent (internal)']);
    expect(detail.activity[1]!.text).toMatch(/^Step 1: failed after \d+ ms$/);
    expect(detail.activity[2]!.text).toBe('demo failure requested by input');
  });

  it('a late failure keeps the finished tool call before the error', () => {
    const detail = map(fixture('failed-late'));
    expect(detail.session).toMatchObject({
      status: 'failed',
      toolCallCount: 1,
      errorCount: 1,
      actor: 'carol',
    });
    expect(detail.session.trigger).toEqual({ type: 'event', source: 'slack', raw: '"slack"' });
    expect(kinds(detail.activity).slice(-4)).toEqual([
      'tool-call:slow_lookup',
      'step:tools',
      'step:agent',
      'error:Error in agent (internal)',
    ]);
    expect(detail.activity.find((a) => a.kind === 'tool-call')!.tool!.state).toBe('succeeded');
  });

  it('an error tool message is a failed tool call with category and message; the run goes on', () => {
    const detail = map(fixture('tool-error'));
    expect(detail.session).toMatchObject({ status: 'completed', toolCallCount: 1, errorCount: 1 });
    const call = detail.activity.find((a) => a.kind === 'tool-call')!;
    expect(call.tool).toMatchObject({
      state: 'failed',
      errorCategory: 'tool',
      result: null,
      args: { body: '{"query":"x toolfail","seconds":0.2}' },
    });
    expect(call.tool!.errorMessage).toContain('lookup failed for "x toolfail"');
  });
});

describe('LangGraph mapping: human in the loop', () => {
  it('an interrupt() wait is Waiting for input, with the interrupt value as the body', () => {
    const records = fixture('interrupted');
    const detail = map(records);
    expect(detail.session).toMatchObject({
      status: 'waiting',
      name: 'Oslo weather review',
      finishedAt: null,
    });
    // The source calls a run that stopped at interrupt() a success; the state says it waits.
    expect(runs(records)[0]!.status).toBe('success');
    expect(detail.runs[0]!.status).toBe('waiting');
    const wait = detail.activity.at(-1)!;
    expect(wait).toMatchObject({
      kind: 'input-wait',
      title: 'Approve this answer?',
      text: 'Waiting for input at review',
      sourceType: 'checkpoint.task.interrupt',
    });
    expect(JSON.parse(wait.body!.body)).toEqual({
      question: 'Approve this answer?',
      draft: expect.stringMatching(/^Thinking done\. The tool said: result for "weather in Oslo sleep:0\.5"/),
    });
    expect(detail.activity.at(-2)).toMatchObject({ kind: 'step', title: 'review' });
  });

  it('a response resumes the review: the answer, the resumed node and its output follow the wait', () => {
    const records = fixture('responded');
    const detail = map(records);
    const [first, second] = runs(records);
    expect(detail.session.status).toBe('completed');
    expect(detail.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(detail.runs[1]!.input).toEqual({
      contentType: 'application/json',
      body: '{"command":{"resume":{"approved":true,"note":"ship it"}}}',
    });
    expect(kinds(detail.activity).slice(-5)).toEqual([
      'step:review',
      'input-wait:Approve this answer?',
      'message:user',
      'step:review',
      'message:assistant',
    ]);
    const [asked, answer, resumed, said] = detail.activity.slice(-4);
    expect(asked).toMatchObject({ runRemoteId: first!.run_id, text: 'Asked for input at review' });
    expect(answer).toMatchObject({
      runRemoteId: second!.run_id,
      title: 'Response',
      sourceType: 'run.command.resume',
    });
    expect(JSON.parse(answer!.text!)).toEqual({ approved: true, note: 'ship it' });
    expect(resumed).toMatchObject({ runRemoteId: second!.run_id });
    expect(resumed!.text).toMatch(/resumed with the response, ran in/);
    expect(said).toMatchObject({
      runRemoteId: second!.run_id,
      text: 'Reviewer said: {"approved":true,"note":"ship it"}',
    });
    expect(detail.runs[1]!.output?.body).toBe('Reviewer said: {"approved":true,"note":"ship it"}');
    expect(isChronological(detail.activity)).toBe(true);
  });

  it('a static breakpoint (interrupt_before) is Paused: the thread continues with input null', () => {
    const detail = map(fixture('breakpoint'));
    expect(detail.session.status).toBe('paused');
    expect(detail.activity.at(-1)).toMatchObject({ kind: 'step', title: 'tools' });
    expect(detail.activity.at(-1)!.text).toMatch(/breakpoint/);
  });
});

describe('LangGraph mapping: pause, resume, cancel', () => {
  it('a run interrupted mid-tool is Paused; the cut call waits for the resume', () => {
    const records = fixture('paused');
    const detail = map(records);
    expect(thread(records).status).toBe('idle'); // the thread says idle (reference §7)
    expect(detail.session.status).toBe('paused');
    expect(detail.runs[0]!.status).toBe('paused');
    expect(detail.activity.find((a) => a.kind === 'tool-call')!.tool).toMatchObject({
      state: 'waiting',
      result: null,
    });
    expect(detail.activity.at(-1)).toMatchObject({ kind: 'step', title: 'tools' });
    expect(detail.activity.at(-1)!.text).toMatch(/^Step 2: stopped after .*: the run was paused$/);
  });

  it('resume reruns the cut tool in the second run and completes', () => {
    const records = fixture('paused-resumed');
    const detail = map(records);
    const [first, second] = runs(records);
    expect(detail.session.status).toBe('completed');
    expect(detail.runs.map((r) => r.status)).toEqual(['paused', 'completed']);
    expect(detail.runs[1]!.input).toBeNull();
    const tools = detail.activity.filter((a) => a.kind === 'step' && a.title === 'tools');
    expect(tools.map((s) => s.runRemoteId)).toEqual([first!.run_id, second!.run_id]);
    expect(tools[0]!.text).toMatch(/the run was paused/);
    expect(tools[1]!.text).toMatch(/^Step 2: rerun after resume, ran in 2\.\d s$/);
    expect(tools[1]!.at).toBe(at(second!.created_at));
    const call = detail.activity.find((a) => a.kind === 'tool-call')!;
    expect(call.tool).toMatchObject({ state: 'succeeded' });
    expect(call.tool!.result?.body).toContain('after 2s');
    // Timed from the resumed run's start, not from the call before the pause.
    expect(call.tool!.durationMs).toBeGreaterThanOrEqual(2_000);
    expect(call.tool!.durationMs).toBeLessThan(5_000);
    expect(isChronological(detail.activity)).toBe(true);
  });

  it("Tracedeck's cancel mark makes an interrupted run Canceled, not Paused", () => {
    const records = fixture('canceled');
    const detail = map(records);
    expect((thread(records).metadata as Json).tracedeck_canceled).toMatchObject({
      run_id: runs(records)[0]!.run_id,
    });
    expect(detail.session.status).toBe('canceled');
    expect(detail.runs[0]!.status).toBe('canceled');
    expect(detail.session.finishedAt).not.toBeNull();
    expect(detail.activity.find((a) => a.kind === 'tool-call')!.tool!.state).toBe('canceled');
    expect(detail.activity.find((a) => a.title === 'tools')!.text).toMatch(/the run was canceled/);
    expect(detail.activity.at(-1)).toMatchObject({
      kind: 'event',
      title: 'Canceled: the thread was moved to its end',
      sourceType: 'checkpoint.update',
    });
  });

  it('without the mark the same thread would only be paused, and a newer run supersedes the mark', () => {
    const records = fixture('canceled');
    const unmarked = structuredClone(records);
    delete ((unmarked.thread as Json).metadata as Json).tracedeck_canceled;
    // The state was moved to its end, so nothing is left to resume either way.
    expect(map(unmarked).session.status).toBe('canceled');

    const resumed = structuredClone(records);
    resumed.runs.push({
      ...runs(records)[0],
      run_id: 'later-run',
      status: 'success',
      kwargs: { input: null },
      created_at: '2026-11-22T05:00:00.000Z',
      updated_at: '2026-11-22T05:00:01.000Z',
    });
    expect(map(resumed).session.status).toBe('completed');
  });

  it('a run still running is Running, and its open tool call is running', () => {
    const detail = map(fixture('running'));
    expect(detail.session).toMatchObject({ status: 'running', finishedAt: null });
    expect(detail.runs[0]).toMatchObject({ status: 'running', finishedAt: null });
    expect(detail.activity.find((a) => a.kind === 'tool-call')!.tool!.state).toBe('running');
    expect(detail.activity.at(-1)!.text).toBe('Step 2: running');
  });
});

describe('LangGraph mapping: a run the server keeps running after a restart', () => {
  const records = fixture('stuck-after-restart');
  const run = runs(records)[0]!;
  const lastCheckpoint = at((records.history[0] as Json).created_at);

  it('is Running while it could still be alive', () => {
    expect(run.status).toBe('running');
    expect(thread(records).status).toBe('busy');
    expect(map(records).session.status).toBe('running');
    const soon = { ...records, serverTime: lastCheckpoint + DEFAULT_STALE_RUN_MS - 1_000 };
    expect(map(soon).session.status).toBe('running');
  });

  it('is Failed with a "Run lost" error once it has shown no sign of life for the stale limit', () => {
    const later = { ...records, serverTime: lastCheckpoint + DEFAULT_STALE_RUN_MS + 1_000 };
    const detail = map(later);
    expect(detail.session.status).toBe('failed');
    expect(detail.session.finishedAt).toBe(lastCheckpoint);
    expect(detail.runs[0]).toMatchObject({
      status: 'failed',
      error: { body: 'Run lost: the server restarted while it was running' },
      finishedAt: lastCheckpoint,
    });
    const lost = detail.activity.at(-1)!;
    expect(lost).toMatchObject({ kind: 'error', title: 'Run lost (internal)', sourceType: 'run.lost' });
    expect(lost.text).toMatch(
      /^Run lost: the server restarted while it was running\. .*no progress for 15 min/,
    );
    expect(detail.activity.find((a) => a.title === 'tools')!.text).toBe(
      'Step 2: never finished: its run was lost',
    );
    expect(detail.activity.find((a) => a.kind === 'tool-call')!.tool!.state).toBe('canceled');
  });

  it('honours a configured stale limit', () => {
    const later = { ...records, serverTime: lastCheckpoint + 61_000 };
    expect(map(later, 60_000).session.status).toBe('failed');
    expect(map(later, 120_000).session.status).toBe('running');
  });

  it('is lost at once when a newer run of the thread has started (one run per thread at a time)', () => {
    const withNewer = structuredClone(records);
    withNewer.runs.push({ ...run, run_id: 'newer', status: 'success', created_at: '2099-01-01T00:00:00Z' });
    expect(map(withNewer).runs[0]!.status).toBe('failed');
    expect(map(withNewer).activity.filter((a) => a.sourceType === 'run.lost')).toHaveLength(1);
  });

  it('a pending run behind a running one is Queued', () => {
    const queued = structuredClone(records);
    queued.runs.push({ ...run, run_id: 'queued', status: 'pending', created_at: '2099-01-01T00:00:00Z' });
    expect(map(queued).session.status).toBe('queued');
    expect(map(queued).runs[1]).toMatchObject({ status: 'queued', startedAt: null });
  });
});

describe('LangGraph mapping: subgraphs', () => {
  const records = fixture('subgraph');
  const detail = map(records);

  it('a subgraph call is a link, followed by its own node steps and messages', () => {
    expect(records.subgraphs).toHaveLength(1);
    expect(records.subgraphs[0]!.namespace).toMatch(/^researcher:/);
    expect(kinds(detail.activity)).toEqual([
      'message:user',
      'step:agent',
      'message:assistant',
      'step:researcher',
      'link:Called subgraph researcher',
      'step:researcher › plan',
      'reasoning:assistant',
      'message:assistant',
      'step:researcher › summarize',
      'message:assistant',
    ]);
    const link = detail.activity.find((a) => a.kind === 'link')!;
    expect(link.link).toEqual({
      relation: 'called',
      sessionRemoteId: thread(records).thread_id,
      runRemoteId: runs(records)[0]!.run_id,
      name: 'researcher',
    });
    expect(
      detail.activity.filter((a) => a.kind === 'message' && a.title === 'researcher').map((a) => a.text),
    ).toEqual([
      'Research plan: read two sources about fjords.',
      'Findings on fjords: result for "fjords" after 0s: FJORDS (6 chars)',
    ]);
    expect(isChronological(detail.activity)).toBe(true);
  });

  it('keeps the subgraph checkpoints raw under their namespace', () => {
    const namespace = records.subgraphs[0]!.namespace;
    const inner = detail.raw.filter((r) => r.remoteId.startsWith(`checkpoint:${namespace}:`));
    expect(inner).toHaveLength(records.subgraphs[0]!.history.length);
    expect(detail.raw).toHaveLength(2 + records.history.length + inner.length);
  });
});

describe('LangGraph mapping: what the test graph does not produce', () => {
  const base = fixture('completed-tools');
  const aiIds = (base.history[0] as { values: { messages: Json[] } }).values.messages
    .filter((m) => m.type === 'ai')
    .map((m) => String(m.id));

  it('sums token usage and collects models and services from response metadata', () => {
    let records = patchMessage(base, aiIds[0]!, (m) => ({
      ...m,
      usage_metadata: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
      response_metadata: { model_name: 'gpt-4o-mini', model_provider: 'openai' },
    }));
    records = patchMessage(records, aiIds[1]!, (m) => ({
      ...m,
      usage_metadata: { input_tokens: 150, output_tokens: 30 },
      response_metadata: { model_name: 'gpt-4o-mini', ls_provider: 'openai' },
    }));
    const detail = map(records);
    expect(detail.runs[0]!.metrics).toMatchObject({ inputTokens: 250, outputTokens: 50, totalTokens: 300 });
    expect(detail.runs[0]).toMatchObject({ model: 'gpt-4o-mini', provider: 'openai' });
    expect(detail.session).toMatchObject({
      tokens: { input: 250, output: 50, total: 300 },
      models: ['gpt-4o-mini'],
      services: ['openai'],
    });
  });

  it('reads text and thinking content blocks', () => {
    const records = patchMessage(base, aiIds[1]!, (m) => ({
      ...m,
      content: [
        { type: 'thinking', thinking: 'Both lookups worked.' },
        { type: 'text', text: 'Oslo and Bergen' },
      ],
    }));
    const detail = map(records);
    expect(kinds(detail.activity).slice(-2)).toEqual(['reasoning:assistant', 'message:assistant']);
    expect(detail.activity.at(-2)!.text).toBe('Both lookups worked.');
    expect(detail.activity.at(-1)!.text).toBe('Oslo and Bergen');
  });

  it("reads LangChain's constructor serialisation of messages", () => {
    const records = structuredClone(base);
    for (const state of records.history as { values?: { messages?: Json[] } }[]) {
      state.values!.messages = state.values?.messages?.map((m) =>
        m.type === 'human'
          ? {
              lc: 1,
              type: 'constructor',
              id: ['langchain_core', 'messages', 'HumanMessage'],
              kwargs: { ...m, type: undefined },
            }
          : m,
      );
    }
    const detail = map(records);
    expect(detail.session.prompt).toBe('compare lookup:oslo lookup:bergen noreview');
    expect(detail.activity[0]).toMatchObject({ kind: 'message', role: 'user' });
  });

  it('moves a very long message to a payload and keeps an excerpt', () => {
    const long = 'x'.repeat(20_000);
    const detail = map(patchMessage(base, aiIds[1]!, (m) => ({ ...m, content: long })));
    const answer = detail.activity.at(-1)!;
    expect(answer.text).toHaveLength(2_000);
    expect(answer.body).toEqual({ contentType: 'text/markdown', body: long });
  });

  it('marks a history cut at the bound', () => {
    const detail = map({ ...base, historyTruncated: true });
    expect(detail.activity[0]).toMatchObject({ kind: 'event', sourceType: 'history.truncated' });
  });

  it('a thread without runs is Pending; one Tracedeck canceled is Canceled', () => {
    const empty: ThreadRecords = { ...base, runs: [], history: [], subgraphs: [] };
    expect(map(empty).session.status).toBe('pending');
    const canceled = structuredClone(empty);
    ((canceled.thread as Json).metadata as Json).tracedeck_canceled = {
      run_id: null,
      at: '2026-11-22T04:09:00Z',
    };
    expect(map(canceled).session.status).toBe('canceled');
  });

  it('without history, the thread values still give the messages', () => {
    const detail = map({ ...base, history: [], subgraphs: [] });
    expect(detail.activity.filter((a) => a.kind === 'message')).toHaveLength(3);
    expect(detail.session.toolCallCount).toBe(2);
  });

  it('keeps an unreadable run raw with its error; an unreadable thread is a bad response', () => {
    const records = structuredClone(base);
    records.runs.push({ run_id: 42 });
    const detail = map(records);
    expect(detail.runs).toHaveLength(1);
    expect(detail.raw.find((r) => r.entity === 'run' && r.parseError)).toBeDefined();
    expect(() => map({ ...base, thread: { nope: true } })).toThrow(SourceError);
  });
});

describe('LangGraph run statuses', () => {
  const context = {
    isLatest: true,
    lost: false,
    behindAnother: false,
    waitingForInput: false,
    hasNext: false,
    canceled: false,
  };

  it.each([
    ['pending', {}, 'pending'],
    ['pending', { behindAnother: true }, 'queued'],
    ['pending', { canceled: true }, 'canceling'],
    ['running', {}, 'running'],
    ['running', { lost: true }, 'failed'],
    ['running', { canceled: true }, 'canceling'],
    ['success', {}, 'completed'],
    ['success', { waitingForInput: true, hasNext: true }, 'waiting'],
    ['success', { hasNext: true }, 'paused'],
    ['success', { hasNext: true, isLatest: false }, 'completed'],
    ['success', { waitingForInput: true, canceled: true }, 'canceled'],
    ['interrupted', { hasNext: true }, 'paused'],
    ['interrupted', {}, 'canceled'],
    ['interrupted', { isLatest: false }, 'paused'],
    ['interrupted', { hasNext: true, canceled: true }, 'canceled'],
    ['error', {}, 'failed'],
    ['timeout', {}, 'failed'],
  ] as const)('%s %j → %s', (status, overrides, expected) => {
    expect(mapRunStatus(status, { ...context, ...overrides })).toBe(expected);
  });
});
