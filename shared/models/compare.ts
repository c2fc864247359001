import { z } from 'zod';
import { ActivityKind, MessageRole, ToolCallState } from './activity';
import { PayloadRef } from './payload';
import { Run } from './run';
import { Session } from './session';
import { SessionStatus } from './status';
import { TargetKind, TargetLocation } from './target';

// Comparing two sessions, or two runs: the two activity sequences aligned by a diff over step
// signatures, header deltas and a metadata diff. Everything here is pure, so the core computes
// it and tests check it without a store. Left is the baseline, right the candidate: differences
// are right − left, and "better" means the right side improved on the left.

const Id = z.string().min(1).max(200);

/** One side of a comparison: a session, or one run of it. */
export const CompareSide = z.object({ sessionId: Id, runId: Id.optional() }).strict();
export type CompareSide = z.infer<typeof CompareSide>;

export const CompareInput = z.object({ left: CompareSide, right: CompareSide }).strict();
export type CompareInput = z.infer<typeof CompareInput>;

/** Activity kinds plus the two rows a comparison adds: the session prompt and each run. */
export const CompareStepKind = z.enum([...ActivityKind.options, 'prompt', 'run']);
export type CompareStepKind = z.infer<typeof CompareStepKind>;

/** A body of a step that can be diffed: the prompt, or a run's input, output or error. */
export const StepPart = z.object({
  name: z.enum(['prompt', 'text', 'args', 'result', 'input', 'output', 'error']),
  /** Inline text (a short prompt, a tool's error message); null when `ref` holds the body. */
  text: z.string().nullable(),
  ref: PayloadRef.nullable(),
});
export type StepPart = z.infer<typeof StepPart>;

/**
 * One step of a side, compact: enough to render and align a row. An activity step's bodies are
 * fetched on selection (`sessions:activity` at `seq`); prompt and run steps carry theirs.
 */
export const CompareStep = z.object({
  kind: CompareStepKind,
  /** Activity seq; null for prompt and run steps. */
  seq: z.number().nullable(),
  runId: z.string().nullable(),
  role: MessageRole.nullable(),
  title: z.string().nullable(),
  /** The first `STEP_EXCERPT_CHARS` of its text, tool arguments or run input. */
  excerpt: z.string().nullable(),
  toolName: z.string().nullable(),
  toolState: ToolCallState.nullable(),
  /** A run's status. */
  status: SessionStatus.nullable(),
  /** An error item, a failed tool call or a failed run. */
  isError: z.boolean(),
  /** A tool call's or run's own duration; otherwise the time until the side's next step. */
  durationMs: z.number().nullable(),
  /** A run's total tokens; null for other steps. */
  tokens: z.number().nullable(),
  parts: z.array(StepPart).nullable(),
});
export type CompareStep = z.infer<typeof CompareStep>;

export const RowDiff = z.enum(['same', 'changed', 'left', 'right']);
export type RowDiff = z.infer<typeof RowDiff>;

/**
 * One aligned row: a pair of steps with the same signature (`same` or `changed` content), or a
 * step on one side only. `left` / `right` index the sides' `steps`.
 */
export const CompareRow = z.object({
  diff: RowDiff,
  left: z.number().nullable(),
  right: z.number().nullable(),
  /** Right − left, for pairs where both are known. */
  durationDeltaMs: z.number().nullable(),
  tokenDelta: z.number().nullable(),
});
export type CompareRow = z.infer<typeof CompareRow>;

export const DeltaVerdict = z.enum(['better', 'worse', 'same', 'changed', 'unknown']);
export type DeltaVerdict = z.infer<typeof DeltaVerdict>;

export const DELTA_KEYS = [
  'status',
  'duration',
  'inputTokens',
  'outputTokens',
  'cost',
  'toolCalls',
  'errors',
  'models',
] as const;
export const DeltaKey = z.enum(DELTA_KEYS);
export type DeltaKey = z.infer<typeof DeltaKey>;

/** A header figure on both sides. Numbers for measures, text for status and models. */
export const HeaderDelta = z.object({
  key: DeltaKey,
  label: z.string(),
  left: z.union([z.number(), z.string()]).nullable(),
  right: z.union([z.number(), z.string()]).nullable(),
  /** Right − left; null unless both are numbers. */
  difference: z.number().nullable(),
  /** The difference as % of left; null when left is 0 or unknown. */
  percent: z.number().nullable(),
  verdict: DeltaVerdict,
});
export type HeaderDelta = z.infer<typeof HeaderDelta>;

export const MetadataFormat = z.enum(['text', 'time', 'duration']);
export type MetadataFormat = z.infer<typeof MetadataFormat>;

export const MetadataRow = z.object({
  key: z.string(),
  label: z.string(),
  format: MetadataFormat,
  left: z.union([z.string(), z.number()]).nullable(),
  right: z.union([z.string(), z.number()]).nullable(),
  isDifferent: z.boolean(),
});
export type MetadataRow = z.infer<typeof MetadataRow>;

export const CompareTarget = z.object({
  id: z.string(),
  name: z.string(),
  kind: TargetKind,
  location: TargetLocation,
});
export type CompareTarget = z.infer<typeof CompareTarget>;

export const CompareSideResult = z.object({
  session: Session,
  /** Null when the target was removed and its sessions kept. */
  target: CompareTarget.nullable(),
  /** The run this side is restricted to; null for a whole session. */
  run: Run.nullable(),
  /** All the session's runs, for the run picker. */
  runs: z.array(Run),
  steps: z.array(CompareStep),
});
export type CompareSideResult = z.infer<typeof CompareSideResult>;

export const AlignmentMethod = z.enum(['myers', 'bounded']);
export type AlignmentMethod = z.infer<typeof AlignmentMethod>;

export const CompareResult = z.object({
  left: CompareSideResult,
  right: CompareSideResult,
  deltas: z.array(HeaderDelta),
  metadata: z.array(MetadataRow),
  rows: z.array(CompareRow),
  /** Index in `rows` of the first row that is not `same`; null when the sides match. */
  firstDivergence: z.number().nullable(),
  counts: z.object({ same: z.number(), changed: z.number(), left: z.number(), right: z.number() }),
  /** `bounded` when the sides differ too much for an exact diff in time (see `alignSequences`). */
  method: AlignmentMethod,
});
export type CompareResult = z.infer<typeof CompareResult>;

export * from './compare-align';
