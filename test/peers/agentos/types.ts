export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json | undefined };

export const SESSION_TYPES = ['agent', 'team', 'workflow'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const RUN_STATUSES = [
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'PAUSED',
  'CANCELLED',
  'ERROR',
  'REGENERATED',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** OpenAI-style provider shape carried by assistant messages. */
export type ToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

/** agno `Message.to_dict()`: null / empty keys are never present. */
export type Message = {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  content?: string;
  reasoning_content?: string;
  from_history: boolean;
  stop_after_tool_call: boolean;
  name?: string;
  tool_call_id?: string;
  tool_name?: string;
  tool_args?: JsonObject;
  tool_call_error?: boolean;
  tool_calls?: ToolCall[];
  metrics?: JsonObject;
  created_at: number;
};

/** agno `ToolExecution.to_dict()`: every key present, nulls kept. */
export type ToolExecution = {
  tool_call_id: string;
  tool_name: string;
  tool_args: JsonObject;
  tool_call_error: boolean | null;
  result: string | null;
  metrics: JsonObject | null;
  child_run_id: string | null;
  stop_after_tool_call: boolean;
  created_at: number;
  requires_confirmation: boolean | null;
  confirmed: boolean | null;
  confirmation_note: string | null;
  requires_user_input: boolean | null;
  user_input_schema: JsonObject[] | null;
  user_feedback_schema: JsonObject[] | null;
  answered: boolean | null;
  external_execution_required: boolean | null;
  external_execution_silent: boolean | null;
  approval_type: 'required' | 'audit' | null;
  approval_id: string | null;
};

export type RawEvent = JsonObject & { event: string; created_at: number };

/**
 * A run as agno stores it in `session.runs` (`RunOutput` / `TeamRunOutput` / `WorkflowRunOutput`
 * `.to_dict()`): `created_at` is epoch seconds here and becomes ISO only in the API schemas.
 */
export type RawRun = {
  run_id: string;
  session_id: string;
  created_at: number;
  status?: RunStatus;
  agent_id?: string;
  agent_name?: string;
  team_id?: string;
  team_name?: string;
  workflow_id?: string;
  workflow_name?: string;
  workflow_step_id?: string;
  parent_run_id?: string;
  user_id?: string;
  input?: Json;
  content?: Json;
  content_type?: string;
  reasoning_content?: string;
  reasoning_steps?: JsonObject[];
  reasoning_messages?: JsonObject[];
  model?: string;
  model_provider?: string;
  messages?: Message[];
  metrics?: JsonObject;
  tools?: ToolExecution[];
  events?: RawEvent[];
  requirements?: JsonObject[];
  member_responses?: RawRun[];
  step_results?: JsonObject[];
  step_executor_runs?: RawRun[];
  step_requirements?: JsonObject[];
  pause_kind?: 'step' | 'executor';
  paused_step_name?: string;
  paused_step_index?: number;
  regenerated_from?: string;
  forked_from_run_id?: string;
  forked_from_session_id?: string;
  forked_from_message_index?: number;
  last_checkpoint_at_message_index?: number;
  session_state?: JsonObject;
  metadata?: JsonObject;
  references?: JsonObject[];
  citations?: JsonObject;
  followups?: string[];
};

export type ModelInfo = { id: string; provider: string; name: string };

export type AgentInfo = {
  id: string;
  name: string;
  description: string;
  dbId: string;
  model: ModelInfo;
  tools: string[];
  storeEvents: boolean;
};

export type TeamInfo = {
  id: string;
  name: string;
  description: string;
  dbId: string;
  model: ModelInfo;
  mode: 'coordinate' | 'route' | 'collaborate' | 'tasks';
  memberIds: string[];
  storeEvents: boolean;
};

export type WorkflowStepInfo = { name: string; executor: 'agent' | 'team'; executorId: string };

export type WorkflowInfo = {
  id: string;
  name: string;
  description: string;
  dbId: string;
  steps: WorkflowStepInfo[];
  storeEvents: boolean;
};

export type Catalog = {
  osId: string;
  name: string;
  description: string;
  dbIds: string[];
  agents: AgentInfo[];
  teams: TeamInfo[];
  workflows: WorkflowInfo[];
};
