import type { ActivityItem } from './activity';
import type { PayloadRef } from './payload';
import type { Run } from './run';
import type { Session } from './session';
import type { SessionStatus } from './status';
import type {
  AlignmentMethod,
  CompareResult,
  CompareRow,
  CompareStep,
  CompareTarget,
  DeltaKey,
  DeltaVerdict,
  HeaderDelta,
  MetadataFormat,
  MetadataRow,
  StepPart,
} from './compare';

// The pure half of comparing (see compare.ts for the shapes): steps, alignment, deltas and the
// metadata diff. No zod here, so the renderer's compare slice can use it without building the
// schemas before the first paint.

/** Characters of a step's text a comparison row shows. */
export const STEP_EXCERPT_CHARS = 160;

// --- Steps ----------------------------------------------------------------------------------

function excerptOf(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > STEP_EXCERPT_CHARS ? `${flat.slice(0, STEP_EXCERPT_CHARS - 1)}…` : flat;
}

/** A step as `stepSignature` and `stepContent` read it. */
export type StepInput = Pick<
  CompareStep,
  'kind' | 'role' | 'title' | 'toolName' | 'status' | 'durationMs' | 'tokens'
> & {
  /** Identifies the content: equal strings mean an unchanged step (see `stepContent`). */
  content: string;
};

/**
 * What makes two steps "the same step": kind, plus the role of a message, the tool of a tool
 * call, the node of a graph step, the action of a control entry. Content is not part of it, so
 * a tool call with a different result aligns with its counterpart as a changed pair.
 */
export function stepSignature(step: Pick<CompareStep, 'kind' | 'role' | 'title' | 'toolName'>): string {
  switch (step.kind) {
    case 'message':
      return `message:${step.role ?? ''}`;
    case 'tool-call':
      return `tool-call:${step.toolName ?? ''}`;
    case 'step':
    case 'control':
      return `${step.kind}:${step.title ?? ''}`;
    default:
      return step.kind;
  }
}

/** Epoch-ms gaps between successive timed steps: `at[i + 1] − at[i]`, null when unknown. */
function gapToNext(items: readonly Pick<ActivityItem, 'at'>[], index: number): number | null {
  const at = items[index]?.at ?? null;
  const next = items[index + 1]?.at ?? null;
  return at !== null && next !== null && next >= at ? next - at : null;
}

/**
 * The content fingerprint of an activity item: what a reader would call "what happened", not
 * when or under which ids. A graph step's text only reports its timing, so it is left out.
 */
export function activityContent(item: ActivityItem): string {
  const tool = item.tool;
  return JSON.stringify([
    item.title,
    item.kind === 'step' ? null : item.text,
    item.body ? [item.body.byteSize, item.body.preview] : null,
    tool
      ? [
          tool.name,
          tool.state,
          tool.args?.byteSize ?? null,
          tool.args?.preview ?? null,
          tool.result?.byteSize ?? null,
          tool.result?.preview ?? null,
          tool.errorMessage,
        ]
      : null,
    item.control ? [item.control.action, item.control.phase, item.control.detail] : null,
    item.link ? [item.link.relation, item.link.name] : null,
  ]);
}

/** A compact step and its content fingerprint for one activity item (`index` in `items`). */
export function activityStep(
  items: readonly ActivityItem[],
  index: number,
): { step: CompareStep; content: string } {
  const item = items[index]!;
  const tool = item.tool;
  return {
    step: {
      kind: item.kind,
      seq: item.seq,
      runId: item.runId,
      role: item.role,
      title: item.title,
      excerpt: excerptOf(item.text ?? tool?.errorMessage ?? tool?.args?.preview),
      toolName: tool?.name ?? null,
      toolState: tool?.state ?? null,
      status: null,
      isError: item.kind === 'error' || tool?.state === 'failed',
      durationMs: tool?.durationMs ?? gapToNext(items, index),
      tokens: null,
      parts: null,
    },
    content: activityContent(item),
  };
}

/**
 * The bodies of an activity item that a payload diff shows: a tool call's arguments and
 * result (its error message when it failed), any other item's text (its full body when the
 * text is an excerpt).
 */
export function activityParts(item: ActivityItem): StepPart[] {
  const tool = item.tool;
  if (tool) {
    const parts: StepPart[] = refPart('args', tool.args);
    if (tool.result) parts.push({ name: 'result', text: null, ref: tool.result });
    else if (tool.errorMessage !== null) parts.push({ name: 'result', text: tool.errorMessage, ref: null });
    return parts;
  }
  if (item.body) return [{ name: 'text', text: null, ref: item.body }];
  return item.text === null ? [] : [{ name: 'text', text: item.text, ref: null }];
}

function refPart(name: StepPart['name'], ref: PayloadRef | null): StepPart[] {
  return ref ? [{ name, text: null, ref }] : [];
}

/** The row a run adds before its activity: status, metrics, input, output and error. */
export function runStep(run: Run): { step: CompareStep; content: string } {
  const m = run.metrics;
  const tokens =
    m.totalTokens ??
    (m.inputTokens !== null || m.outputTokens !== null ? (m.inputTokens ?? 0) + (m.outputTokens ?? 0) : null);
  return {
    step: {
      kind: 'run',
      seq: null,
      runId: run.id,
      role: null,
      title: run.componentName,
      excerpt: excerptOf(run.error?.preview ?? run.input?.preview),
      toolName: null,
      toolState: null,
      status: run.status,
      isError: run.status === 'failed',
      durationMs: m.durationMs,
      tokens,
      parts: [
        ...refPart('input', run.input),
        ...refPart('output', run.output),
        ...refPart('error', run.error),
      ],
    },
    content: JSON.stringify([
      run.componentName,
      run.status,
      run.model,
      [run.input?.byteSize, run.input?.preview],
      [run.output?.byteSize, run.output?.preview],
      [run.error?.byteSize, run.error?.preview],
    ]),
  };
}

/** The row a session's prompt adds at the top; null when the session has none. */
export function promptStep(
  session: Pick<Session, 'prompt'>,
  promptBody: PayloadRef | null,
): { step: CompareStep; content: string } | null {
  if (session.prompt === null && promptBody === null) return null;
  return {
    step: {
      kind: 'prompt',
      seq: null,
      runId: null,
      role: 'user',
      title: 'Prompt',
      excerpt: excerptOf(session.prompt),
      toolName: null,
      toolState: null,
      status: null,
      isError: false,
      durationMs: null,
      tokens: null,
      parts: [
        promptBody
          ? { name: 'prompt', text: null, ref: promptBody }
          : { name: 'prompt', text: session.prompt, ref: null },
      ],
    },
    content: JSON.stringify([promptBody?.byteSize ?? null, promptBody?.preview ?? session.prompt]),
  };
}

/**
 * The steps of one side in feed order: the prompt (whole sessions only), then each run's row
 * just before its first activity item (runs without activity at the end, in run order).
 */
export function sideSteps(
  items: readonly ActivityItem[],
  runs: readonly Run[],
  prompt: { session: Pick<Session, 'prompt'>; body: PayloadRef | null } | null,
): { steps: CompareStep[]; contents: string[] } {
  const steps: CompareStep[] = [];
  const contents: string[] = [];
  const push = (entry: { step: CompareStep; content: string } | null) => {
    if (!entry) return;
    steps.push(entry.step);
    contents.push(entry.content);
  };
  if (prompt) push(promptStep(prompt.session, prompt.body));
  const runsById = new Map(runs.map((run) => [run.id, run]));
  const shown = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const runId = items[i]!.runId;
    if (runId !== null && !shown.has(runId)) {
      shown.add(runId);
      const run = runsById.get(runId);
      if (run) push(runStep(run));
    }
    push(activityStep(items, i));
  }
  for (const run of runs) if (!shown.has(run.id)) push(runStep(run));
  return { steps, contents };
}

// --- Alignment ------------------------------------------------------------------------------

/** A pair of indexes with equal signatures, or one index with the other side null. */
export interface AlignOp {
  left: number | null;
  right: number | null;
}

/**
 * The most edits (insertions + deletions) the exact diff searches for before it gives up for
 * the bounded one. Its trace costs about `MAX_EXACT_EDITS²` ints (16 MB) and its time
 * `(n + m) × MAX_EXACT_EDITS` comparisons.
 */
export const MAX_EXACT_EDITS = 2000;
/** How far the bounded diff looks ahead on each side for the next matching signature. */
const LOOKAHEAD = 64;

/**
 * Aligns two sequences of signatures: a shortest edit script (Myers' O(ND) diff, after
 * stripping the common prefix and suffix) when it needs at most `maxEdits` edits; otherwise a
 * bounded greedy alignment that pairs equal signatures within a look-ahead window, in
 * O((n + m) × 64). Both return every index of each side exactly once, in order; pairs always
 * have equal signatures. Within a run of edits, left-only steps come before right-only ones.
 */
export function alignSequences(
  left: readonly string[],
  right: readonly string[],
  options: { maxEdits?: number } = {},
): { ops: AlignOp[]; method: AlignmentMethod } {
  const codes = new Map<string, number>();
  const encode = (values: readonly string[]) => {
    const out = new Int32Array(values.length);
    values.forEach((value, i) => {
      let code = codes.get(value);
      if (code === undefined) {
        code = codes.size;
        codes.set(value, code);
      }
      out[i] = code;
    });
    return out;
  };
  const a = encode(left);
  const b = encode(right);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: AlignOp[] = [];
  for (let i = 0; i < start; i++) ops.push({ left: i, right: i });
  const middle = a.subarray(start, endA);
  const middleB = b.subarray(start, endB);
  let method: AlignmentMethod = 'myers';
  let inner = myers(middle, middleB, options.maxEdits ?? MAX_EXACT_EDITS);
  if (inner === null) {
    method = 'bounded';
    inner = greedy(middle, middleB);
  }
  for (const op of groupEdits(inner)) {
    ops.push({
      left: op.left === null ? null : op.left + start,
      right: op.right === null ? null : op.right + start,
    });
  }
  for (let i = 0; i < a.length - endA; i++) ops.push({ left: endA + i, right: endB + i });
  return { ops, method };
}

/** Myers' greedy diff with the trace kept for backtracking; null past `maxEdits` edits. */
function myers(a: Int32Array, b: Int32Array, maxEdits: number): AlignOp[] | null {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v[-d-1 … d+1] as it was before round d, which backtracking reads.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  const reversed: AlignOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const row = trace[d]!;
    const at = (k: number) => row[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      reversed.push({ left: x, right: y });
    }
    if (d > 0) {
      if (x === prevX) reversed.push({ left: null, right: prevY });
      else reversed.push({ left: prevX, right: null });
    }
    x = prevX;
    y = prevY;
  }
  return reversed.reverse();
}

/** Pairs equal signatures, skipping ahead up to `LOOKAHEAD` on either side to resynchronize. */
function greedy(a: Int32Array, b: Int32Array): AlignOp[] {
  const ops: AlignOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ left: i++, right: j++ });
      continue;
    }
    let skip = 0;
    for (let k = 1; k <= LOOKAHEAD && skip === 0; k++) {
      if (i + k < a.length && a[i + k] === b[j]) skip = k;
      else if (j + k < b.length && a[i] === b[j + k]) skip = -k;
    }
    if (skip > 0) for (let k = 0; k < skip; k++) ops.push({ left: i++, right: null });
    else if (skip < 0) for (let k = 0; k < -skip; k++) ops.push({ left: null, right: j++ });
    else {
      ops.push({ left: i++, right: null });
      ops.push({ left: null, right: j++ });
    }
  }
  while (i < a.length) ops.push({ left: i++, right: null });
  while (j < b.length) ops.push({ left: null, right: j++ });
  return ops;
}

/** Within each run of unpaired ops, the left-only ones first (each side keeps its order). */
function groupEdits(ops: AlignOp[]): AlignOp[] {
  const out: AlignOp[] = [];
  const rights: AlignOp[] = [];
  for (const op of ops) {
    if (op.left !== null && op.right !== null) {
      out.push(...rights.splice(0), op);
    } else if (op.left !== null) out.push(op);
    else rights.push(op);
  }
  out.push(...rights);
  return out;
}

function deltaOf(left: number | null | undefined, right: number | null | undefined): number | null {
  return left === null || left === undefined || right === null || right === undefined ? null : right - left;
}

/**
 * Aligns two sides' steps into rows: pairs with equal content are `same`, others `changed`,
 * with the pair's duration and token differences.
 */
export function compareSteps(
  left: readonly StepInput[],
  right: readonly StepInput[],
  options: { maxEdits?: number } = {},
): { rows: CompareRow[]; method: AlignmentMethod } {
  const { ops, method } = alignSequences(left.map(stepSignature), right.map(stepSignature), options);
  const rows = ops.map((op): CompareRow => {
    const l = op.left === null ? null : left[op.left]!;
    const r = op.right === null ? null : right[op.right]!;
    return {
      diff: l && r ? (l.content === r.content ? 'same' : 'changed') : l ? 'left' : 'right',
      left: op.left,
      right: op.right,
      durationDeltaMs: deltaOf(l?.durationMs, r?.durationMs),
      tokenDelta: deltaOf(l?.tokens, r?.tokens),
    };
  });
  return { rows, method };
}

/** Index of the first row that is not `same`, or null. */
export function firstDivergence(rows: readonly Pick<CompareRow, 'diff'>[]): number | null {
  const index = rows.findIndex((row) => row.diff !== 'same');
  return index === -1 ? null : index;
}

export function countRows(rows: readonly Pick<CompareRow, 'diff'>[]): CompareResult['counts'] {
  const counts = { same: 0, changed: 0, left: 0, right: 0 };
  for (const row of rows) counts[row.diff]++;
  return counts;
}

// --- Filter tabs ----------------------------------------------------------------------------

/** The activity feed's tabs. */
export const COMPARE_TABS = ['all', 'reasoning', 'tools', 'errors'] as const;
export type CompareTab = (typeof COMPARE_TABS)[number];

export function stepMatchesTab(step: Pick<CompareStep, 'kind' | 'isError'>, tab: CompareTab): boolean {
  switch (tab) {
    case 'all':
      return true;
    case 'reasoning':
      return step.kind === 'reasoning';
    case 'tools':
      return step.kind === 'tool-call';
    case 'errors':
      return step.isError;
  }
}

/** Indexes of the rows a tab shows: those where either side's step belongs to it. */
export function filterRows(
  rows: readonly CompareRow[],
  left: readonly CompareStep[],
  right: readonly CompareStep[],
  tab: CompareTab,
): number[] {
  const out: number[] = [];
  rows.forEach((row, index) => {
    const l = row.left === null ? undefined : left[row.left];
    const r = row.right === null ? undefined : right[row.right];
    if (tab === 'all' || (l && stepMatchesTab(l, tab)) || (r && stepMatchesTab(r, tab))) out.push(index);
  });
  return out;
}

// --- Header deltas --------------------------------------------------------------------------

/** The header figures of one side. */
export interface SideFigures {
  status: SessionStatus;
  durationMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  toolCalls: number;
  errors: number;
  models: readonly string[];
}

/** Higher is better: finished well, still going, stopped by someone, failed. */
const STATUS_RANK: Record<SessionStatus, number> = {
  completed: 3,
  pending: 2,
  queued: 2,
  running: 2,
  waiting: 2,
  pausing: 2,
  paused: 2,
  canceling: 1,
  canceled: 1,
  failed: 0,
};

function numericDelta(
  key: DeltaKey,
  label: string,
  left: number | null,
  right: number | null,
  isLowerBetter: boolean | null,
): HeaderDelta {
  const difference = deltaOf(left, right);
  const percent = difference === null || !left ? null : (difference / Math.abs(left)) * 100;
  let verdict: DeltaVerdict = 'unknown';
  if (difference !== null) {
    if (difference === 0) verdict = 'same';
    else if (isLowerBetter === null) verdict = 'changed';
    else verdict = difference < 0 === isLowerBetter ? 'better' : 'worse';
  }
  return { key, label, left, right, difference, percent, verdict };
}

/**
 * The header deltas, right against left. Less time, fewer tokens, lower cost and fewer errors
 * are better; a status is better when it ranks higher (completed › in progress › canceled ›
 * failed). More or fewer tool calls, or other models, are only "changed".
 */
export function headerDeltas(left: SideFigures, right: SideFigures): HeaderDelta[] {
  const statusRank = STATUS_RANK[right.status] - STATUS_RANK[left.status];
  const leftModels = [...left.models].sort().join(', ');
  const rightModels = [...right.models].sort().join(', ');
  return [
    {
      key: 'status',
      label: 'Status',
      left: left.status,
      right: right.status,
      difference: null,
      percent: null,
      verdict:
        left.status === right.status
          ? 'same'
          : statusRank > 0
            ? 'better'
            : statusRank < 0
              ? 'worse'
              : 'changed',
    },
    numericDelta('duration', 'Duration', left.durationMs, right.durationMs, true),
    numericDelta('inputTokens', 'Input tokens', left.inputTokens, right.inputTokens, true),
    numericDelta('outputTokens', 'Output tokens', left.outputTokens, right.outputTokens, true),
    numericDelta('cost', 'Cost', left.costUsd, right.costUsd, true),
    numericDelta('toolCalls', 'Tool calls', left.toolCalls, right.toolCalls, null),
    numericDelta('errors', 'Errors', left.errors, right.errors, true),
    {
      key: 'models',
      label: 'Models',
      left: leftModels || null,
      right: rightModels || null,
      difference: null,
      percent: null,
      verdict: leftModels === rightModels ? 'same' : 'changed',
    },
  ];
}

/** A whole session's header figures. */
export function sessionFigures(session: Session): SideFigures {
  return {
    status: session.status,
    durationMs: session.durationMs,
    inputTokens: session.tokens.input,
    outputTokens: session.tokens.output,
    costUsd: session.costUsd,
    toolCalls: session.toolCallCount,
    errors: session.errorCount,
    models: session.models,
  };
}

/** One run's header figures; tool calls and errors are counted over its steps. */
export function runFigures(run: Run, steps: readonly Pick<CompareStep, 'kind' | 'isError'>[]): SideFigures {
  let toolCalls = 0;
  let errors = 0;
  for (const step of steps) {
    if (step.kind === 'tool-call') toolCalls++;
    if (step.isError && step.kind !== 'run') errors++;
  }
  if (run.status === 'failed' && errors === 0) errors = 1;
  return {
    status: run.status,
    durationMs:
      run.metrics.durationMs ??
      (run.startedAt !== null && run.finishedAt !== null ? run.finishedAt - run.startedAt : null),
    inputTokens: run.metrics.inputTokens,
    outputTokens: run.metrics.outputTokens,
    costUsd: run.metrics.costUsd,
    toolCalls,
    errors,
    models: run.model ? [run.model] : [],
  };
}

// --- Metadata diff --------------------------------------------------------------------------

/** What the metadata table reads of one side. */
export interface SideMetadata {
  session: Session;
  target: CompareTarget | null;
  run: Run | null;
}

function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : value;
}

/**
 * The metadata table: target, component, trigger, actor, project, models, services and
 * timings, plus the run's own fields when a side is one run. Times are epoch ms.
 */
export function metadataDiff(left: SideMetadata, right: SideMetadata): MetadataRow[] {
  type Field = [
    key: string,
    label: string,
    format: MetadataFormat,
    read: (side: SideMetadata) => string | number | null,
  ];
  const wait = (s: Session) =>
    s.startedAt !== null && s.queuedAt !== null ? Math.max(0, s.startedAt - s.queuedAt) : null;
  const fields: Field[] = [
    [
      'target',
      'Target',
      'text',
      (s) => (s.target ? `${s.target.name} (${s.target.kind}, ${s.target.location})` : null),
    ],
    [
      'component',
      'Component',
      'text',
      (s) => text(`${s.session.component.type} ${s.session.component.name ?? ''}`.trim()),
    ],
    ['remoteId', 'Remote id', 'text', (s) => s.session.remoteId],
    [
      'trigger',
      'Trigger',
      'text',
      (s) => `${s.session.trigger.type}${s.session.trigger.source ? ` · ${s.session.trigger.source}` : ''}`,
    ],
    ['actor', 'Actor', 'text', (s) => text(s.session.actor)],
    ['project', 'Project', 'text', (s) => text(s.session.project)],
    [
      'models',
      'Models',
      'text',
      (s) => text([...(s.run?.model ? [s.run.model] : s.session.models)].sort().join(', ')),
    ],
    ['services', 'Services', 'text', (s) => text([...s.session.services].sort().join(', '))],
    ['created', 'Created', 'time', (s) => s.session.createdAt],
    ['started', 'Started', 'time', (s) => s.session.startedAt],
    ['finished', 'Finished', 'time', (s) => s.session.finishedAt],
    ['duration', 'Duration', 'duration', (s) => s.session.durationMs],
    ['queueWait', 'Queue wait', 'duration', (s) => wait(s.session)],
  ];
  if (left.run || right.run) {
    fields.push(
      ['run', 'Run', 'text', (s) => s.run?.remoteId ?? null],
      ['runComponent', 'Run component', 'text', (s) => text(s.run?.componentName)],
      [
        'runModel',
        'Run model',
        'text',
        (s) => text([s.run?.provider, s.run?.model].filter(Boolean).join(' / ')),
      ],
      ['runStarted', 'Run started', 'time', (s) => s.run?.startedAt ?? s.run?.createdAt ?? null],
      ['runFinished', 'Run finished', 'time', (s) => s.run?.finishedAt ?? null],
      ['runDuration', 'Run duration', 'duration', (s) => s.run?.metrics.durationMs ?? null],
      ['firstToken', 'Time to first token', 'duration', (s) => s.run?.metrics.timeToFirstTokenMs ?? null],
    );
  }
  return fields.map(([key, label, format, read]) => {
    const l = read(left);
    const r = read(right);
    return { key, label, format, left: l, right: r, isDifferent: l !== r };
  });
}
