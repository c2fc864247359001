import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapRunStatus, mapSessionDetail } from '../../../../electron/main/sync/connectors/agentos/mapping';
import { SourceError } from '../../../../electron/main/sync/errors';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures/agentos', name), 'utf8'));

describe('AgentOS mapping: agent session', () => {
  const detail = mapSessionDetail(fixture('agent-session.json'), fixture('agent-runs.json'), 'agent');

  it('maps the session record', () => {
    expect(detail.session).toMatchObject({
      remoteId: '8005-agent',
      kind: 'agent',
      name: "What's the weather in Paris?",
      actor: 'user-123',
      project: 'travel-bot',
      component: { type: 'agent', id: 'basic-agent', name: 'Basic Agent' },
      prompt: "What's the weather in Paris?",
      summary: 'User asked about the weather.',
      tokens: { input: 182, output: 41, total: 223 },
      costUsd: 0.0012,
      createdAt: Date.parse('2025-09-08T15:52:10Z'),
      remoteUpdatedAt: Date.parse('2025-09-08T15:52:14Z'),
      trigger: { type: 'event', source: 'web', raw: '"web"' },
    });
    expect(detail.session.models).toEqual(['gpt-4o']);
    expect(detail.session.services).toEqual(['OpenAI']);
    expect(detail.session.toolCallCount).toBe(3);
    expect(detail.session.errorCount).toBe(1);
  });

  it('takes the status of the newest run: a PAUSED run asking for confirmation waits for input', () => {
    expect(detail.session.status).toBe('waiting');
    expect(detail.runs.map((r) => [r.remoteId, r.status])).toEqual([
      ['fcdf50f0', 'completed'],
      ['paused-1', 'waiting'],
    ]);
  });

  it('converts run metrics from seconds and keeps model and provider from RunStarted', () => {
    const run = detail.runs[0]!;
    expect(run.metrics).toEqual({
      inputTokens: 182,
      outputTokens: 41,
      totalTokens: 223,
      timeToFirstTokenMs: 410,
      durationMs: 2870,
      costUsd: null,
    });
    expect(run).toMatchObject({
      model: 'gpt-4o',
      provider: 'OpenAI',
      startedAt: Date.parse('2025-09-08T15:52:10Z'),
    });
    expect(run.finishedAt).toBe(Date.parse('2025-09-08T15:52:10Z') + 2870);
    expect(run.input).toEqual({ contentType: 'text/plain', body: "What's the weather in Paris?" });
  });

  it('builds the feed from messages: history skipped, epoch seconds to ms, tool calls paired with results', () => {
    const feed = detail.activity.filter((a) => a.runRemoteId === 'fcdf50f0');
    expect(feed.map((a) => `${a.kind}:${a.role ?? a.title}`)).toEqual([
      'message:system',
      'message:user',
      'reasoning:assistant',
      'tool-call:get_weather',
      'tool-call:get_weather',
      'message:assistant',
      'event:Memory Update Completed',
      'event:Brand New Event2030',
    ]);
    expect(feed[1]!.at).toBe(1757346730_000);
    const [failed, succeeded] = feed.filter((a) => a.kind === 'tool-call');
    expect(failed!.tool).toMatchObject({
      callId: 'call_fail',
      state: 'failed',
      errorCategory: 'timeout',
      errorMessage: 'Upstream timeout after 10s',
      retryCount: 0,
      durationMs: 100,
    });
    expect(succeeded!.tool).toMatchObject({
      callId: 'call_abc',
      state: 'succeeded',
      retryCount: 1,
      durationMs: 700,
      result: { contentType: 'text/plain', body: '18C sunny' },
      args: { contentType: 'application/json', body: '{"city":"Paris"}' },
    });
  });

  it('keeps unknown events with their fields', () => {
    const unknown = detail.activity.find((a) => a.sourceType === 'BrandNewEvent2030');
    expect(unknown?.kind).toBe('event');
    expect(JSON.parse(unknown?.text ?? '{}')).toMatchObject({ surprise: 42 });
  });

  it('asks for input on the paused run with the pending tool', () => {
    const wait = detail.activity.find((a) => a.kind === 'input-wait');
    expect(wait?.runRemoteId).toBe('paused-1');
    expect(wait?.title).toBe('Waiting for confirmation: restart_service');
    expect(JSON.parse(wait?.body?.body ?? '{}').tools[0].tool_call_id).toBe('call_9');
    const pending = detail.activity.find((a) => a.tool?.callId === 'call_9');
    expect(pending?.tool?.state).toBe('waiting');
  });

  it('keeps every raw record, unknown fields included, and a bad run with its error', () => {
    expect(detail.raw.map((r) => r.entity)).toEqual(['session', 'run', 'run', 'run']);
    expect(JSON.parse(detail.raw[0]!.json).metadata.x_custom).toEqual({ kept: true });
    expect(JSON.parse(detail.raw[1]!.json).future_field).toEqual({ from: 'agno 3' });
    expect(detail.raw[3]).toMatchObject({ remoteId: '#2' });
    expect(detail.raw[3]!.parseError).toMatch(/run_id/);
    expect(detail.runs).toHaveLength(2);
  });
});

describe('AgentOS mapping: team session with a member run', () => {
  const detail = mapSessionDetail(fixture('team-session.json'), fixture('team-runs.json'));

  it('links the member run from the team run and uses the team run for status', () => {
    expect(detail.session).toMatchObject({
      kind: 'team',
      status: 'completed',
      component: { type: 'team', id: 'research-team', name: 'Research Team' },
      trigger: { type: 'schedule', source: 'every day 09:00' },
      prompt: 'Research quantum batteries',
      durationMs: 170_000,
      costUsd: 0.02,
    });
    const link = detail.activity.find((a) => a.kind === 'link');
    expect(link).toMatchObject({
      runRemoteId: 'team-run-1',
      link: { relation: 'member', runRemoteId: 'member-1', name: 'web-researcher' },
    });
    expect(detail.runs.find((r) => r.remoteId === 'member-1')).toMatchObject({
      parentRemoteId: 'team-run-1',
      kind: 'agent',
      status: 'failed',
    });
  });

  it('records the member failure with its category and the team reasoning step', () => {
    const error = detail.activity.find((a) => a.kind === 'error');
    expect(error).toMatchObject({
      runRemoteId: 'member-1',
      title: 'RateLimitError',
      text: 'Search API quota exceeded (429)',
    });
    expect(
      detail.activity.some(
        (a) => a.kind === 'reasoning' && a.text === 'Delegate search to the web researcher.',
      ),
    ).toBe(true);
    expect(detail.session.models).toEqual(['claude-sonnet']);
  });
});

describe('AgentOS mapping: workflow session', () => {
  const detail = mapSessionDetail(fixture('workflow-session.json'), fixture('workflow-runs.json'));

  it('maps a running workflow with its steps', () => {
    expect(detail.session).toMatchObject({
      kind: 'workflow',
      status: 'running',
      finishedAt: null,
      actor: 'svc-blog',
    });
    expect(detail.session.component).toEqual({ type: 'workflow', id: 'blog-wf', name: 'Blog Workflow' });
    expect(detail.activity.filter((a) => a.kind === 'step').map((a) => a.title)).toEqual([
      'outline started',
      'outline',
    ]);
  });
});

describe('AgentOS mapping: statuses and bad input', () => {
  it.each([
    ['PENDING', false, 'pending'],
    ['RUNNING', false, 'running'],
    ['PAUSED', true, 'waiting'],
    ['PAUSED', false, 'paused'],
    ['CANCELLED', false, 'canceled'],
    ['ERROR', false, 'failed'],
    ['COMPLETED', false, 'completed'],
    ['REGENERATED', false, 'completed'],
  ] as const)('%s → %s', (status, pending, expected) => {
    expect(mapRunStatus(status, pending)).toBe(expected);
  });

  it('rejects an unreadable session record with bad-response', () => {
    expect(() => mapSessionDetail({ nope: true }, [])).toThrow(SourceError);
    expect(() => mapSessionDetail(fixture('agent-session.json'), { not: 'an array' })).toThrow(
      /not an array/,
    );
  });
});
