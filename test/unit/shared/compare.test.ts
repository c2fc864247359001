import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '@shared/models/activity';
import {
  activityParts,
  alignSequences,
  compareSteps,
  countRows,
  filterRows,
  firstDivergence,
  headerDeltas,
  metadataDiff,
  runFigures,
  sideSteps,
  stepSignature,
  type AlignOp,
  type CompareStep,
  type SideFigures,
  type StepInput,
} from '@shared/models/compare';
import type { Run } from '@shared/models/run';
import type { Session } from '@shared/models/session';
import { createRng } from '../db/helpers';

/** Every index of each side exactly once and in order; pairs only of equal values. */
function expectValid(ops: readonly AlignOp[], a: readonly string[], b: readonly string[]): void {
  const lefts = ops.flatMap((op) => (op.left === null ? [] : [op.left]));
  const rights = ops.flatMap((op) => (op.right === null ? [] : [op.right]));
  expect(lefts).toEqual(a.map((_, i) => i));
  expect(rights).toEqual(b.map((_, i) => i));
  for (const op of ops) {
    expect(op.left !== null || op.right !== null).toBe(true);
    if (op.left !== null && op.right !== null) expect(a[op.left]).toBe(b[op.right]);
  }
}

const pairs = (ops: readonly AlignOp[]) => ops.filter((op) => op.left !== null && op.right !== null).length;

/** The LCS length by dynamic programming, for checking that the diff is minimal. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++)
      row.push(x === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!));
    previous = row;
  }
  return previous[b.length]!;
}

const split = (text: string) => (text === '' ? [] : text.split(''));
const shape = (ops: readonly AlignOp[]) =>
  ops.map((op) => (op.left !== null && op.right !== null ? '=' : op.left !== null ? '-' : '+')).join('');

describe('alignSequences', () => {
  it('pairs identical sequences one to one', () => {
    const a = split('abcabc');
    const { ops, method } = alignSequences(a, a);
    expect(method).toBe('myers');
    expect(ops).toEqual(a.map((_, i) => ({ left: i, right: i })));
  });

  it('finds insertions on the right and deletions on the left', () => {
    const a = split('abcd');
    const b = split('abxcdy');
    const { ops } = alignSequences(a, b);
    expectValid(ops, a, b);
    expect(shape(ops)).toBe('==+==+');
    expect(ops[2]).toEqual({ left: null, right: 2 });

    const deleted = alignSequences(b, a).ops;
    expectValid(deleted, b, a);
    expect(shape(deleted)).toBe('==-==-');
  });

  it('handles empty sides', () => {
    expect(alignSequences([], []).ops).toEqual([]);
    expect(alignSequences([], ['a', 'b']).ops).toEqual([
      { left: null, right: 0 },
      { left: null, right: 1 },
    ]);
    expect(alignSequences(['a'], []).ops).toEqual([{ left: 0, right: null }]);
  });

  it('puts the left-only steps of a hunk before its right-only ones', () => {
    const a = split('axyb');
    const b = split('apqrb');
    const { ops } = alignSequences(a, b);
    expectValid(ops, a, b);
    expect(shape(ops)).toBe('=--+++=');
  });

  it('is a shortest edit script: as many pairs as the longest common subsequence', () => {
    const rng = createRng(11);
    for (let round = 0; round < 300; round++) {
      const draw = () => Array.from({ length: Math.floor(rng() * 30) }, () => 'abcd'[Math.floor(rng() * 4)]!);
      const a = draw();
      const b = draw();
      const { ops, method } = alignSequences(a, b);
      expect(method).toBe('myers');
      expectValid(ops, a, b);
      expect(pairs(ops)).toBe(lcsLength(a, b));
    }
  });

  it('falls back to the bounded alignment past the edit limit, still valid', () => {
    const rng = createRng(5);
    const a = Array.from({ length: 400 }, () => 'abcdef'[Math.floor(rng() * 6)]!);
    const b = Array.from({ length: 380 }, () => 'abcdef'[Math.floor(rng() * 6)]!);
    const exact = alignSequences(a, b);
    const bounded = alignSequences(a, b, { maxEdits: 10 });
    expect(exact.method).toBe('myers');
    expect(bounded.method).toBe('bounded');
    expectValid(bounded.ops, a, b);
    // Greedy pairs fewer than the optimum, but it does pair most of the common steps.
    expect(pairs(bounded.ops)).toBeLessThanOrEqual(pairs(exact.ops));
    expect(pairs(bounded.ops)).toBeGreaterThan(pairs(exact.ops) * 0.6);
  });

  it('aligns two 10,000-step sessions that differ in a few places, exactly', () => {
    const rng = createRng(99);
    const alphabet = [
      'message:user',
      'reasoning',
      'tool-call:search',
      'tool-call:fetch',
      'message:assistant',
      'step:agent',
    ];
    const a = Array.from({ length: 10_000 }, () => alphabet[Math.floor(rng() * alphabet.length)]!);
    const b = [...a];
    // 60 edits at known places: 20 deletions, 20 insertions of a step kind a never has, 20 swaps.
    for (let e = 0; e < 20; e++) b.splice(200 + e * 450, 1);
    for (let e = 0; e < 20; e++) b.splice(300 + e * 450, 0, 'error');
    for (let e = 0; e < 20; e++) b[400 + e * 450] = 'link';
    const { ops, method } = alignSequences(a, b);
    expect(method).toBe('myers');
    expectValid(ops, a, b);
    // At most the 80 edits made (a swap is a deletion plus an insertion) — a shortest script.
    const edits = ops.length - pairs(ops);
    expect(edits).toBeLessThanOrEqual(100);
    expect(
      ops.filter((op) => op.right !== null && b[op.right] === 'error').every((op) => op.left === null),
    ).toBe(true);
  });

  it('aligns two unrelated 10,000-step sessions with the bounded fallback', () => {
    const rng = createRng(3);
    const draw = () => Array.from({ length: 10_000 }, () => 'abcdefgh'[Math.floor(rng() * 8)]!);
    const a = draw();
    const b = draw();
    const { ops, method } = alignSequences(a, b);
    expect(method).toBe('bounded');
    expectValid(ops, a, b);
  });
});

function input(patch: Partial<StepInput>): StepInput {
  return {
    kind: 'message',
    role: 'user',
    title: null,
    toolName: null,
    status: null,
    durationMs: null,
    tokens: null,
    content: '',
    ...patch,
  };
}

describe('compareSteps', () => {
  it('marks pairs same or changed by content, one-sided steps left or right, with deltas', () => {
    const left = [
      input({ content: 'hi' }),
      input({ kind: 'tool-call', role: null, toolName: 'search', content: 'r1', durationMs: 100 }),
      input({ kind: 'reasoning', role: 'assistant', content: 'think' }),
      input({ kind: 'run', role: null, status: 'completed', tokens: 500, durationMs: 2000, content: 'run' }),
    ];
    const right = [
      input({ content: 'hi' }),
      input({ kind: 'tool-call', role: null, toolName: 'search', content: 'r2', durationMs: 250 }),
      input({ kind: 'tool-call', role: null, toolName: 'fetch', content: 'x' }),
      input({ kind: 'run', role: null, status: 'failed', tokens: 420, durationMs: 1500, content: 'run2' }),
    ];
    const { rows } = compareSteps(left, right);
    expect(rows.map((r) => r.diff)).toEqual(['same', 'changed', 'left', 'right', 'changed']);
    expect(rows[1]).toMatchObject({ left: 1, right: 1, durationDeltaMs: 150, tokenDelta: null });
    expect(rows[4]).toMatchObject({ durationDeltaMs: -500, tokenDelta: -80 });
    expect(firstDivergence(rows)).toBe(1);
    expect(countRows(rows)).toEqual({ same: 1, changed: 2, left: 1, right: 1 });
  });

  it('has no divergence when both sides match, and on an empty comparison', () => {
    const same = [input({ content: 'a' }), input({ kind: 'reasoning', content: 'b' })];
    expect(firstDivergence(compareSteps(same, same).rows)).toBeNull();
    expect(compareSteps([], []).rows).toEqual([]);
    expect(firstDivergence([])).toBeNull();
  });

  it('signs steps by kind plus role, tool, node or action, not by content', () => {
    expect(stepSignature({ kind: 'message', role: 'user', title: 'x', toolName: null })).toBe('message:user');
    expect(stepSignature({ kind: 'tool-call', role: null, title: 'a', toolName: 'search' })).toBe(
      'tool-call:search',
    );
    expect(stepSignature({ kind: 'step', role: null, title: 'tools', toolName: null })).toBe('step:tools');
    expect(stepSignature({ kind: 'error', role: null, title: 'Boom', toolName: null })).toBe('error');
  });
});

const NOW = 1_750_000_000_000;

function item(id: number, patch: Partial<ActivityItem>): ActivityItem {
  return {
    id: String(id),
    sessionId: '1',
    runId: null,
    seq: id,
    kind: 'message',
    at: null,
    role: 'user',
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: null,
    ...patch,
  };
}

function run(id: string, patch: Partial<Run> = {}): Run {
  return {
    id,
    sessionId: '1',
    remoteId: `remote-${id}`,
    kind: 'agent',
    parentRunId: null,
    status: 'completed',
    componentName: 'agent',
    input: null,
    output: null,
    error: null,
    metrics: {
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: null,
      timeToFirstTokenMs: null,
      durationMs: 900,
      costUsd: null,
    },
    model: 'gpt-x',
    provider: null,
    createdAt: NOW,
    startedAt: NOW,
    finishedAt: NOW + 900,
    ...patch,
  };
}

const toolCall = (id: number, name: string, patch: Partial<NonNullable<ActivityItem['tool']>> = {}) =>
  item(id, {
    kind: 'tool-call',
    role: null,
    title: name,
    tool: {
      callId: null,
      name,
      args: null,
      result: null,
      state: 'succeeded',
      errorCategory: null,
      errorMessage: null,
      retryCount: 0,
      durationMs: null,
      ...patch,
    },
  });

describe('sideSteps', () => {
  it('puts the prompt first and each run just before its first item; durations and tokens', () => {
    const items = [
      item(1, { runId: 'r1', at: NOW, text: 'hello' }),
      toolCall(2, 'search', { durationMs: 42 }),
      item(3, { runId: 'r2', at: NOW + 100, kind: 'reasoning', role: 'assistant', text: 'hmm' }),
      item(4, { runId: 'r2', at: NOW + 350, kind: 'error', role: null, text: 'Boom' }),
    ];
    items[1]!.runId = 'r1';
    items[1]!.at = NOW + 10;
    const { steps, contents } = sideSteps(items, [run('r1'), run('r2'), run('r3')], {
      session: { prompt: 'hello' },
      body: null,
    });
    expect(steps.map((s) => `${s.kind}:${s.seq ?? s.runId}`)).toEqual([
      'prompt:null',
      'run:r1',
      'message:1',
      'tool-call:2',
      'run:r2',
      'reasoning:3',
      'error:4',
      'run:r3',
    ]);
    expect(contents).toHaveLength(8);
    expect(steps[1]).toMatchObject({ kind: 'run', tokens: 15, durationMs: 900, status: 'completed' });
    expect(steps[3]).toMatchObject({ durationMs: 42, toolName: 'search' });
    expect(steps[5]).toMatchObject({ durationMs: 250, isError: false });
    expect(steps[6]).toMatchObject({ durationMs: null, isError: true });
    expect(steps[0]!.parts).toEqual([{ name: 'prompt', text: 'hello', ref: null }]);
  });

  it('tells changed content apart but ignores ids, times and a graph step’s timing text', () => {
    const a = sideSteps(
      [
        item(1, { at: NOW, text: 'same' }),
        item(2, { kind: 'step', role: null, title: 'agent', text: 'step 1: ran in 12 ms' }),
        toolCall(3, 'search', {
          result: {
            id: 'a3.result',
            contentType: 'text/plain',
            byteSize: 4,
            preview: 'OSLO',
            isComplete: true,
          },
        }),
      ],
      [],
      null,
    );
    const b = sideSteps(
      [
        item(7, { at: NOW + 5000, text: 'same' }),
        item(8, { kind: 'step', role: null, title: 'agent', text: 'step 1: ran in 40 ms' }),
        toolCall(9, 'search', {
          result: {
            id: 'a9.result',
            contentType: 'text/plain',
            byteSize: 6,
            preview: 'BERGEN',
            isComplete: true,
          },
        }),
      ],
      [],
      null,
    );
    const { rows } = compareSteps(
      a.steps.map((s, i) => ({ ...s, content: a.contents[i]! })),
      b.steps.map((s, i) => ({ ...s, content: b.contents[i]! })),
    );
    expect(rows.map((r) => r.diff)).toEqual(['same', 'same', 'changed']);
  });
});

describe('activityParts', () => {
  const ref = (id: string) => ({
    id,
    contentType: 'application/json',
    byteSize: 9000,
    preview: '{',
    isComplete: false,
  });

  it('offers a tool call’s arguments and result, or its error message when it failed', () => {
    expect(activityParts(toolCall(1, 'search', { args: ref('1'), result: ref('2') }))).toEqual([
      { name: 'args', text: null, ref: ref('1') },
      { name: 'result', text: null, ref: ref('2') },
    ]);
    expect(activityParts(toolCall(1, 'search', { state: 'failed', errorMessage: 'lookup failed' }))).toEqual([
      { name: 'result', text: 'lookup failed', ref: null },
    ]);
  });

  it('offers other items’ text, or the full body behind an excerpt', () => {
    expect(activityParts(item(1, { text: 'hello' }))).toEqual([{ name: 'text', text: 'hello', ref: null }]);
    expect(activityParts(item(1, { text: 'hel', body: ref('3') }))).toEqual([
      { name: 'text', text: null, ref: ref('3') },
    ]);
    expect(activityParts(item(1, {}))).toEqual([]);
  });
});

describe('filterRows', () => {
  const step = (kind: CompareStep['kind'], isError = false) => ({ kind, isError }) as CompareStep;
  const left = [step('message'), step('reasoning'), step('tool-call'), step('tool-call', true)];
  const right = [step('message'), step('tool-call'), step('error', true)];
  const { rows } = compareSteps(
    left.map((s) => input({ kind: s.kind, role: null, content: '' })),
    right.map((s) => input({ kind: s.kind, role: null, content: '' })),
  );

  it('keeps rows where either side belongs to the tab', () => {
    expect(filterRows(rows, left, right, 'all')).toHaveLength(rows.length);
    const at = (tab: 'reasoning' | 'tools' | 'errors') =>
      filterRows(rows, left, right, tab).map((i) => [rows[i]!.left, rows[i]!.right]);
    expect(at('reasoning')).toEqual([[1, null]]);
    expect(at('tools')).toEqual([
      [2, 1],
      [3, null],
    ]);
    expect(at('errors')).toEqual([
      [3, null],
      [null, 2],
    ]);
  });
});

const figures = (patch: Partial<SideFigures> = {}): SideFigures => ({
  status: 'completed',
  durationMs: 1000,
  inputTokens: 100,
  outputTokens: 50,
  costUsd: 0.02,
  toolCalls: 2,
  errors: 0,
  models: ['gpt-x'],
  ...patch,
});

describe('headerDeltas', () => {
  it('gives absolute values, difference, % change and better / worse', () => {
    const deltas = headerDeltas(
      figures(),
      figures({
        status: 'failed',
        durationMs: 500,
        inputTokens: 150,
        costUsd: 0.02,
        toolCalls: 3,
        errors: 1,
        models: ['gpt-y', 'gpt-x'],
      }),
    );
    const byKey = Object.fromEntries(deltas.map((d) => [d.key, d]));
    expect(byKey.status).toMatchObject({ left: 'completed', right: 'failed', verdict: 'worse' });
    expect(byKey.duration).toMatchObject({
      left: 1000,
      right: 500,
      difference: -500,
      percent: -50,
      verdict: 'better',
    });
    expect(byKey.inputTokens).toMatchObject({ difference: 50, percent: 50, verdict: 'worse' });
    expect(byKey.outputTokens).toMatchObject({ difference: 0, percent: 0, verdict: 'same' });
    expect(byKey.cost).toMatchObject({ verdict: 'same' });
    expect(byKey.toolCalls).toMatchObject({ difference: 1, verdict: 'changed' });
    expect(byKey.errors).toMatchObject({ difference: 1, percent: null, verdict: 'worse' });
    expect(byKey.models).toMatchObject({ left: 'gpt-x', right: 'gpt-x, gpt-y', verdict: 'changed' });
  });

  it('ranks statuses and leaves unknown figures unknown', () => {
    const byKey = (l: Partial<SideFigures>, r: Partial<SideFigures>) =>
      Object.fromEntries(headerDeltas(figures(l), figures(r)).map((d) => [d.key, d]));
    expect(byKey({ status: 'failed' }, { status: 'completed' }).status!.verdict).toBe('better');
    expect(byKey({ status: 'running' }, { status: 'waiting' }).status!.verdict).toBe('changed');
    expect(byKey({ status: 'canceled' }, { status: 'running' }).status!.verdict).toBe('better');
    const unknown = byKey({ costUsd: null }, { costUsd: 0.1 }).cost!;
    expect(unknown).toMatchObject({ difference: null, percent: null, verdict: 'unknown' });
  });

  it('counts a run’s tool calls and errors over its steps', () => {
    const steps = [
      { kind: 'run', isError: true },
      { kind: 'tool-call', isError: false },
      { kind: 'tool-call', isError: true },
      { kind: 'message', isError: false },
    ] as CompareStep[];
    expect(runFigures(run('r1', { status: 'failed' }), steps)).toMatchObject({
      status: 'failed',
      toolCalls: 2,
      errors: 1,
      durationMs: 900,
      models: ['gpt-x'],
    });
    expect(runFigures(run('r1', { status: 'failed' }), [])).toMatchObject({ errors: 1 });
  });
});

function session(patch: Partial<Session> = {}): Session {
  return {
    id: '1',
    targetId: 't1',
    remoteId: 'remote-1',
    kind: 'agent',
    name: 'A',
    status: 'completed',
    trigger: { type: 'manual', source: 'ana', raw: null },
    actor: 'ana',
    project: 'travel',
    component: { type: 'agent', id: 'agent', name: 'agent' },
    prompt: null,
    summary: null,
    parentSessionId: null,
    createdAt: NOW,
    queuedAt: NOW,
    startedAt: NOW + 200,
    finishedAt: NOW + 1200,
    durationMs: 1000,
    tokens: { input: null, output: null, total: null },
    costUsd: null,
    models: ['b', 'a'],
    services: [],
    errorCount: 0,
    toolCallCount: 0,
    remoteUpdatedAt: null,
    syncedAt: null,
    tags: [],
    notes: null,
    ...patch,
  };
}

describe('metadataDiff', () => {
  const target = { id: 't1', name: 'Local', kind: 'langgraph', location: 'local' } as const;

  it('lists the fields with whether they differ', () => {
    const rows = metadataDiff(
      { session: session(), target, run: null },
      {
        session: session({
          actor: 'bob',
          project: null,
          models: ['a', 'b'],
          trigger: { type: 'api', source: null, raw: null },
        }),
        target: { ...target, name: 'Cloud', kind: 'agentos', location: 'cloud' },
        run: null,
      },
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.target).toMatchObject({
      left: 'Local (langgraph, local)',
      right: 'Cloud (agentos, cloud)',
      isDifferent: true,
    });
    expect(byKey.trigger).toMatchObject({ left: 'manual · ana', right: 'api', isDifferent: true });
    expect(byKey.actor).toMatchObject({ left: 'ana', right: 'bob', isDifferent: true });
    expect(byKey.project).toMatchObject({ left: 'travel', right: null, isDifferent: true });
    expect(byKey.models).toMatchObject({ left: 'a, b', right: 'a, b', isDifferent: false });
    expect(byKey.queueWait).toMatchObject({ format: 'duration', left: 200, isDifferent: false });
    expect(byKey.started).toMatchObject({ format: 'time', left: NOW + 200 });
    expect(byKey.run).toBeUndefined();
  });

  it('adds the run fields when a side is one run', () => {
    const rows = metadataDiff(
      { session: session(), target: null, run: run('r1') },
      { session: session(), target: null, run: run('r2', { model: 'gpt-y', provider: 'openai' }) },
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.run).toMatchObject({ left: 'remote-r1', right: 'remote-r2', isDifferent: true });
    expect(byKey.runModel).toMatchObject({ left: 'gpt-x', right: 'openai / gpt-y' });
    expect(byKey.models).toMatchObject({ left: 'gpt-x', right: 'gpt-y' });
    expect(byKey.target).toMatchObject({ left: null, right: null, isDifferent: false });
  });
});
