import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import { storeSessionDetail } from '../../../../electron/main/db/session-detail-repo';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { compareSessions } from '../../../../electron/main/ipc/compare-handlers';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, type TempCore } from '../../../support/temp-core';
import { addTarget, makeActivity, makeDetail, makeRun, makeSession, NOW } from '../../db/helpers';

let core: TempCore;

beforeEach(() => {
  core = createTempCore();
  addTarget(core.deps.store, 'local', { name: 'Local AgentOS' });
  addTarget(core.deps.store, 'cloud', { name: 'Cloud graph', kind: 'langgraph', location: 'cloud' });
});

afterEach(async () => {
  await core.dispose();
});

const toolCall = (name: string, result: string, state: 'succeeded' | 'failed' = 'succeeded') =>
  makeActivity({
    kind: 'tool-call',
    role: null,
    text: null,
    tool: {
      callId: null,
      name,
      args: { contentType: 'application/json', body: '{"q":"oslo"}' },
      result: state === 'failed' ? null : { contentType: 'text/plain', body: result },
      state,
      errorCategory: state === 'failed' ? 'tool' : null,
      errorMessage: state === 'failed' ? result : null,
      retryCount: 0,
      durationMs: state === 'failed' ? 30 : 120,
    },
  });

function storeBaseline(): string {
  return storeSessionDetail(
    core.deps.store,
    'local',
    makeDetail({
      session: makeSession({ remoteId: 'left', durationMs: 1000, errorCount: 0, toolCallCount: 1 }),
      activity: [
        makeActivity({ text: 'Find flights' }),
        toolCall('search', 'OSLO'),
        makeActivity({ role: 'assistant', text: 'Done' }),
      ],
    }),
    NOW,
  );
}

describe('compare:sessions', () => {
  it('aligns two sessions of different targets with deltas, metadata and compact steps', () => {
    const left = storeBaseline();
    const right = storeSessionDetail(
      core.deps.store,
      'cloud',
      makeDetail({
        session: makeSession({
          remoteId: 'right',
          status: 'failed',
          durationMs: 1500,
          errorCount: 1,
          toolCallCount: 2,
          prompt: 'Find flights to Bergen',
        }),
        activity: [
          makeActivity({ text: 'Find flights' }),
          toolCall('search', 'BERGEN'),
          toolCall('book', 'no seats', 'failed'),
          makeActivity({ role: 'assistant', text: 'Done' }),
        ],
      }),
      NOW,
    );
    const result = compareSessions({ left: { sessionId: left }, right: { sessionId: right } }, core.deps);
    expect(() => CHANNELS['compare:sessions'].output.parse(result)).not.toThrow();

    expect(result.left.target).toEqual({
      id: 'local',
      name: 'Local AgentOS',
      kind: 'agentos',
      location: 'local',
    });
    expect(result.right.target?.kind).toBe('langgraph');
    const kinds = (rows: typeof result.rows) =>
      rows.map((row) => {
        const step = result.left.steps[row.left ?? -1] ?? result.right.steps[row.right ?? -1]!;
        return `${row.diff} ${step.kind}${step.toolName ? `:${step.toolName}` : ''}`;
      });
    expect(kinds(result.rows)).toEqual([
      'changed prompt',
      'same run',
      'same message',
      'changed tool-call:search',
      'right tool-call:book',
      'same message',
    ]);
    expect(result.firstDivergence).toBe(0);
    expect(result.counts).toEqual({ same: 3, changed: 2, left: 0, right: 1 });
    expect(result.method).toBe('myers');
    const search = result.rows[3]!;
    expect(search.durationDeltaMs).toBe(0);
    expect(result.right.steps[search.right!]).toMatchObject({ kind: 'tool-call', excerpt: '{"q":"oslo"}' });
    // Activity bodies stay in the store: a step carries its seq, not its body.
    expect(result.right.steps[search.right!]!.parts).toBeNull();
    expect(result.right.steps[search.right!]!.seq).toBe(1);

    const deltas = Object.fromEntries(result.deltas.map((d) => [d.key, d]));
    expect(deltas.status).toMatchObject({ left: 'completed', right: 'failed', verdict: 'worse' });
    expect(deltas.duration).toMatchObject({ difference: 500, percent: 50, verdict: 'worse' });
    expect(deltas.errors).toMatchObject({ left: 0, right: 1, verdict: 'worse' });
    const metadata = Object.fromEntries(result.metadata.map((m) => [m.key, m]));
    expect(metadata.target).toMatchObject({ isDifferent: true, right: 'Cloud graph (langgraph, cloud)' });
  });

  it('compares two runs of one session, each side restricted to its run', () => {
    const id = storeSessionDetail(
      core.deps.store,
      'local',
      makeDetail({
        runs: [
          makeRun({ remoteId: 'run-1' }),
          makeRun({
            remoteId: 'run-2',
            status: 'failed',
            error: { contentType: 'text/plain', body: 'model overloaded' },
            metrics: { ...makeRun().metrics, inputTokens: 80, totalTokens: 120 },
          }),
        ],
        activity: [
          makeActivity({ runRemoteId: 'run-1', text: 'first' }),
          toolCall('search', 'OSLO'),
          makeActivity({ runRemoteId: 'run-2', text: 'second' }),
          makeActivity({ runRemoteId: 'run-2', kind: 'error', role: null, text: 'model overloaded' }),
        ],
      }),
      NOW,
    );
    const detail = handlers['sessions:get']({ id }, core.deps);
    const [run1, run2] = detail.runs;
    const result = compareSessions(
      { left: { sessionId: id, runId: run1!.id }, right: { sessionId: id, runId: run2!.id } },
      core.deps,
    );
    expect(result.left.run?.remoteId).toBe('run-1');
    expect(result.left.steps.map((s) => s.kind)).toEqual(['run', 'message', 'tool-call']);
    expect(result.right.steps.map((s) => s.kind)).toEqual(['run', 'message', 'error']);
    expect(result.right.steps[0]!.parts?.map((p) => p.name)).toEqual(['input', 'output', 'error']);
    expect(result.rows.map((r) => r.diff)).toEqual(['changed', 'changed', 'left', 'right']);
    expect(result.rows[0]!.tokenDelta).toBe(-30);
    const deltas = Object.fromEntries(result.deltas.map((d) => [d.key, d]));
    expect(deltas.status).toMatchObject({ verdict: 'worse' });
    expect(deltas.inputTokens).toMatchObject({ left: 100, right: 80, verdict: 'better' });
    expect(deltas.toolCalls).toMatchObject({ left: 1, right: 0 });
    expect(deltas.errors).toMatchObject({ left: 0, right: 1 });
    expect(result.metadata.find((m) => m.key === 'run')).toMatchObject({ left: 'run-1', right: 'run-2' });
  });

  it('answers not-found for a missing session or a run of another session', async () => {
    const left = storeBaseline();
    expect(() =>
      compareSessions({ left: { sessionId: left }, right: { sessionId: '999' } }, core.deps),
    ).toThrow(IpcError);
    const outcome = await dispatch(handlers, core.deps, 'compare:sessions', {
      left: { sessionId: left },
      right: { sessionId: left, runId: '424242' },
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const invalid = await dispatch(handlers, core.deps, 'compare:sessions', { left: { sessionId: left } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
