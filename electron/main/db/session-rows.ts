import type { Session, SessionKind, TriggerType } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';

/**
 * The columns `toSession` reads, from `sessions s` with the parent joined as `parent` on
 * `(target_id, remote_id) = (s.target_id, s.parent_remote_id)` (see `SESSION_FROM`).
 */
export const SESSION_COLUMNS = `s.id, s.target_id, s.remote_id, s.kind, s.name, s.status, s.trigger_type,
  s.trigger_source, s.trigger_raw, s.actor, s.project, s.component_type, s.component_id,
  s.component_name, s.prompt, s.summary, parent.id as parent_id, s.created_at, s.queued_at,
  s.started_at, s.finished_at, s.duration_ms, s.input_tokens, s.output_tokens, s.total_tokens,
  s.cost_usd, s.models, s.services, s.error_count, s.tool_call_count, s.remote_updated_at,
  s.synced_at, s.tags, s.notes`;

/** `sessions s` with its parent resolved by remote id, as `SESSION_COLUMNS` expects. */
export const SESSION_PARENT_JOIN = `left join sessions parent
  on parent.target_id = s.target_id and parent.remote_id = s.parent_remote_id`;

/** A `sessions` row as selected by `SESSION_COLUMNS`. */
export interface SessionRow {
  id: number;
  target_id: string;
  remote_id: string;
  kind: SessionKind;
  name: string | null;
  status: SessionStatus;
  trigger_type: TriggerType;
  trigger_source: string | null;
  trigger_raw: string | null;
  actor: string | null;
  project: string | null;
  component_type: SessionKind;
  component_id: string | null;
  component_name: string | null;
  prompt: string | null;
  summary: string | null;
  parent_id: number | null;
  created_at: number | null;
  queued_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  models: string;
  services: string;
  error_count: number;
  tool_call_count: number;
  remote_updated_at: number | null;
  synced_at: number | null;
  tags: string;
  notes: string | null;
}

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The DTO of a session row (JSON columns parsed; malformed arrays read as empty). */
export function toSession(row: SessionRow): Session {
  return {
    id: String(row.id),
    targetId: row.target_id,
    remoteId: row.remote_id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    trigger: { type: row.trigger_type, source: row.trigger_source, raw: row.trigger_raw },
    actor: row.actor,
    project: row.project,
    component: { type: row.component_type, id: row.component_id, name: row.component_name },
    prompt: row.prompt,
    summary: row.summary,
    parentSessionId: row.parent_id === null ? null : String(row.parent_id),
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    tokens: { input: row.input_tokens, output: row.output_tokens, total: row.total_tokens },
    costUsd: row.cost_usd,
    models: stringArray(row.models),
    services: stringArray(row.services),
    errorCount: row.error_count,
    toolCallCount: row.tool_call_count,
    remoteUpdatedAt: row.remote_updated_at,
    syncedAt: row.synced_at,
    tags: stringArray(row.tags),
    notes: row.notes,
  };
}
