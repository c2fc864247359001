import { z } from 'zod';

// LangGraph API payloads as the reference documents them (langgraph-api 1.5.x, the JS dev server;
// LangGraph Platform speaks the same API). Objects are loose: unknown fields pass through untouched
// and end up in the raw records. Only what the mapping reads is declared.

const isoOrNull = z.string().nullish();
const metadataRecord = z.record(z.string(), z.unknown()).nullish();

export const InfoSchema = z.looseObject({
  version: z.string().nullish(),
  langgraph_js_version: z.string().nullish(),
  langgraph_py_version: z.string().nullish(),
  context: z.string().nullish(),
});

export const AssistantSchema = z.looseObject({
  assistant_id: z.string(),
  graph_id: z.string().nullish(),
  name: z.string().nullish(),
});
export type LangGraphAssistant = z.infer<typeof AssistantSchema>;

export const ThreadSchema = z.looseObject({
  thread_id: z.string(),
  created_at: isoOrNull,
  updated_at: isoOrNull,
  metadata: metadataRecord,
  status: z.string().nullish(),
  values: z.unknown().optional(),
  interrupts: z.unknown().optional(),
});
export type LangGraphThread = z.infer<typeof ThreadSchema>;

export const RunSchema = z.looseObject({
  run_id: z.string(),
  thread_id: z.string().nullish(),
  assistant_id: z.string().nullish(),
  status: z.string().nullish(),
  metadata: metadataRecord,
  kwargs: z
    .looseObject({
      input: z.unknown().optional(),
      command: z.looseObject({ resume: z.unknown().optional() }).nullish(),
    })
    .nullish(),
  multitask_strategy: z.string().nullish(),
  created_at: isoOrNull,
  updated_at: isoOrNull,
});
export type LangGraphRun = z.infer<typeof RunSchema>;

export const InterruptSchema = z.looseObject({
  id: z.string().nullish(),
  value: z.unknown().optional(),
});

const CheckpointRefSchema = z.looseObject({
  checkpoint_id: z.string().nullish(),
  checkpoint_ns: z.string().nullish(),
});

export const TaskSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  /** A JSON text such as `{"message":"…","name":"Error"}`, or plain text. */
  error: z.string().nullish(),
  interrupts: z.array(InterruptSchema).nullish(),
  /** Set for a subgraph call: the namespace its own checkpoints live in. */
  checkpoint: CheckpointRefSchema.nullish(),
  result: z.unknown().optional(),
});
export type LangGraphTask = z.infer<typeof TaskSchema>;

/** One entry of `GET /threads/{id}/history` (and the shape of `GET /threads/{id}/state`). */
export const ThreadStateSchema = z.looseObject({
  values: z.unknown().optional(),
  next: z.array(z.string()).nullish(),
  tasks: z.array(TaskSchema).nullish(),
  metadata: z
    .looseObject({
      source: z.string().nullish(),
      step: z.number().nullish(),
      run_id: z.string().nullish(),
    })
    .nullish(),
  created_at: isoOrNull,
  checkpoint: z.looseObject({ checkpoint_id: z.string(), checkpoint_ns: z.string().nullish() }),
  parent_checkpoint: CheckpointRefSchema.nullish(),
});
export type LangGraphCheckpoint = z.infer<typeof ThreadStateSchema>;

export const ToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  args: z.unknown().optional(),
});

const UsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});

/** A LangChain message as the API serialises it in `values.messages`. */
export const MessageSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string(),
  content: z.unknown().optional(),
  name: z.string().nullish(),
  tool_calls: z.array(ToolCallSchema).nullish(),
  tool_call_id: z.string().nullish(),
  /** ToolMessage: `success` or `error`. */
  status: z.string().nullish(),
  additional_kwargs: z.record(z.string(), z.unknown()).nullish(),
  response_metadata: z.record(z.string(), z.unknown()).nullish(),
  usage_metadata: UsageSchema.nullish(),
});
export type LangGraphMessage = z.infer<typeof MessageSchema>;

/**
 * What Tracedeck writes into a thread's metadata when the user cancels it, so the thread shows
 * Canceled instead of Paused (the source has no canceled state). `run_id` is the thread's newest
 * run at that moment (null when it had none); a newer run supersedes the mark.
 */
export const CancelMarkSchema = z.looseObject({
  run_id: z.string().nullish(),
  at: z.string().nullish(),
});

/** The thread metadata key of the cancel mark. */
export const CANCEL_MARK_KEY = 'tracedeck_canceled';
