import { z } from 'zod';

// AgentOS payloads as the reference documents them (agno 2.x). Objects are loose: unknown
// fields pass through untouched and end up in the raw records. Only what the mapping reads is
// declared, and almost everything is optional because the server drops nulls.

const isoOrNull = z.string().nullish();
const epochSeconds = z.number().nullish();

export const MetricsSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  reasoning_tokens: z.number().nullish(),
  cost: z.number().nullish(),
  time_to_first_token: z.number().nullish(),
  duration: z.number().nullish(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

export const ToolCallRefSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.unknown() }).nullish(),
});

export const MessageSchema = z.looseObject({
  id: z.string().nullish(),
  role: z.string(),
  content: z.unknown().optional(),
  reasoning_content: z.string().nullish(),
  from_history: z.boolean().nullish(),
  name: z.string().nullish(),
  tool_call_id: z.string().nullish(),
  tool_name: z.string().nullish(),
  tool_args: z.unknown().optional(),
  tool_call_error: z.boolean().nullish(),
  tool_calls: z.array(ToolCallRefSchema).nullish(),
  metrics: MetricsSchema.nullish(),
  created_at: epochSeconds,
});
export type Message = z.infer<typeof MessageSchema>;

export const ToolExecutionSchema = z.looseObject({
  tool_call_id: z.string().nullish(),
  tool_name: z.string().nullish(),
  tool_args: z.unknown().optional(),
  tool_call_error: z.boolean().nullish(),
  result: z.unknown().optional(),
  metrics: z
    .looseObject({
      start_time: z.number().nullish(),
      end_time: z.number().nullish(),
      duration: z.number().nullish(),
    })
    .nullish(),
  child_run_id: z.string().nullish(),
  created_at: epochSeconds,
  requires_confirmation: z.boolean().nullish(),
  confirmed: z.boolean().nullish(),
  requires_user_input: z.boolean().nullish(),
  user_input_schema: z.unknown().optional(),
  external_execution_required: z.boolean().nullish(),
  answered: z.boolean().nullish(),
});
export type ToolExecution = z.infer<typeof ToolExecutionSchema>;

export const EventSchema = z.looseObject({
  event: z.string(),
  created_at: epochSeconds,
  run_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  agent_name: z.string().nullish(),
  team_name: z.string().nullish(),
  workflow_name: z.string().nullish(),
  model: z.string().nullish(),
  model_provider: z.string().nullish(),
  content: z.unknown().optional(),
  reasoning_content: z.string().nullish(),
  error: z.unknown().optional(),
  error_type: z.string().nullish(),
  reason: z.string().nullish(),
  tool: ToolExecutionSchema.nullish(),
  tools: z.array(ToolExecutionSchema).nullish(),
  step_name: z.string().nullish(),
  metrics: MetricsSchema.nullish(),
});
export type AgentOsEvent = z.infer<typeof EventSchema>;

/** RunSchema, TeamRunSchema and WorkflowRunSchema in one: which ids are set tells them apart. */
export const RunSchema = z.looseObject({
  run_id: z.string(),
  parent_run_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  team_id: z.string().nullish(),
  workflow_id: z.string().nullish(),
  user_id: z.string().nullish(),
  status: z.string().nullish(),
  run_input: z.unknown().optional(),
  content: z.unknown().optional(),
  content_type: z.string().nullish(),
  run_response_format: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning_steps: z.array(z.unknown()).nullish(),
  metrics: MetricsSchema.nullish(),
  messages: z.array(z.unknown()).nullish(),
  tools: z.array(z.unknown()).nullish(),
  events: z.array(z.unknown()).nullish(),
  model: z.string().nullish(),
  model_provider: z.string().nullish(),
  step_results: z.array(z.unknown()).nullish(),
  step_executor_runs: z.array(z.unknown()).nullish(),
  step_requirements: z.unknown().optional(),
  requirements: z.unknown().optional(),
  paused_step_name: z.string().nullish(),
  created_at: isoOrNull,
});
export type AgentOsRun = z.infer<typeof RunSchema>;

export const SessionSchema = z.looseObject({
  session_id: z.string(),
  session_name: z.string().nullish(),
  session_type: z.enum(['agent', 'team', 'workflow']).nullish(),
  user_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  team_id: z.string().nullish(),
  workflow_id: z.string().nullish(),
  workflow_name: z.string().nullish(),
  session_summary: z.looseObject({ summary: z.string().nullish() }).nullish(),
  metrics: MetricsSchema.nullish(),
  total_tokens: z.number().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  agent_data: z
    .looseObject({
      name: z.string().nullish(),
      model: z.looseObject({ id: z.string().nullish(), provider: z.string().nullish() }).nullish(),
    })
    .nullish(),
  team_data: z
    .looseObject({
      name: z.string().nullish(),
      model: z.looseObject({ id: z.string().nullish(), provider: z.string().nullish() }).nullish(),
    })
    .nullish(),
  workflow_data: z.looseObject({ name: z.string().nullish() }).nullish(),
  chat_history: z.array(z.unknown()).nullish(),
  created_at: isoOrNull,
  updated_at: isoOrNull,
});
export type AgentOsSession = z.infer<typeof SessionSchema>;

export const SessionPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.looseObject({
    page: z.number(),
    limit: z.number(),
    total_pages: z.number(),
    total_count: z.number(),
  }),
});

const ComponentSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  db_id: z.string().nullish(),
});

export const ConfigSchema = z.looseObject({
  os_id: z.string().nullish(),
  name: z.string().nullish(),
  databases: z.array(z.string()).nullish(),
  session: z.looseObject({ dbs: z.array(z.looseObject({ db_id: z.string() })).nullish() }).nullish(),
  agents: z.array(ComponentSchema).nullish(),
  teams: z.array(ComponentSchema).nullish(),
  workflows: z.array(ComponentSchema).nullish(),
});
export type AgentOsConfig = z.infer<typeof ConfigSchema>;

export const InfoSchema = z.looseObject({
  os_id: z.string().nullish(),
  name: z.string().nullish(),
  agno_version: z.string().nullish(),
  version: z.string().nullish(),
  auth_mode: z.string().nullish(),
});
