import type Database from 'better-sqlite3';
import type { RawRows } from './raw-rows';

/*
 * The benchmark's baseline: the same rows inserted with one plain prepared INSERT per table,
 * no repository logic. This is the one place outside electron/main/db with SQL, on purpose: it
 * measures what SQLite itself can do with this schema.
 */

const STATEMENTS: Record<keyof RawRows, string> = {
  sessions: `insert into sessions (id, target_id, remote_id, kind, name, status, trigger_type, trigger_source,
    trigger_raw, actor, project, component_type, component_id, component_name, prompt, prompt_payload_id,
    summary, summary_payload_id, parent_remote_id, created_at, queued_at, started_at, finished_at, sort_at,
    duration_ms, input_tokens, output_tokens, total_tokens, cost_usd, models, services, error_count,
    tool_call_count, remote_updated_at, synced_at) values (${q(35)})`,
  runs: `insert into runs (id, session_id, seq, remote_id, parent_remote_id, kind, status, component_name,
    input_type, input_size, input_preview, input_payload_id, output_type, output_size, output_preview,
    output_payload_id, error_type, error_size, error_preview, error_payload_id, input_tokens,
    output_tokens, total_tokens, time_to_first_token_ms, duration_ms, cost_usd, model, provider,
    created_at, started_at, finished_at)
    values (${q(31)})`,
  activity: `insert into activity_items (id, session_id, seq, run_id, kind, at, role, title, text,
    body_payload_id, tool_call_id, tool_name, tool_args_type, tool_args_size, tool_args_preview,
    tool_args_payload_id, tool_result_type, tool_result_size, tool_result_preview, tool_result_payload_id,
    tool_state, error_category, error_message, retry_count, duration_ms, control_action, control_phase,
    control_by, control_detail, link_relation, link_session_remote_id, link_run_remote_id, link_name,
    source_type)
    values (${q(34)})`,
  spans: `insert into spans (id, session_id, trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns,
    status, status_message, attributes, events, detail_payload_id) values (${q(14)})`,
  payloads: `insert into payloads (id, session_id, owner, content_type, byte_size, preview, created_at,
    body_text, body_blob) values (${q(9)})`,
  raw: `insert into raw_records (id, target_id, session_id, entity, remote_key, json, parse_error, received_at)
    values (${q(8)})`,
  search: 'insert into search_docs (rowid, title, prompt, activity) values (?, ?, ?, ?)',
};

function q(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Inserts `rows` in one transaction, parents before children, the search index last. */
export function insertRawRows(db: Database.Database, rows: RawRows): void {
  const order: (keyof RawRows)[] = ['sessions', 'payloads', 'runs', 'activity', 'spans', 'raw', 'search'];
  const statements = order.map((key) => [key, db.prepare(STATEMENTS[key])] as const);
  db.transaction(() => {
    for (const [key, statement] of statements) for (const row of rows[key]) statement.run(...row);
  })();
}

/**
 * Turns a migrated database into bare tables for the "no schema cost" baseline: no secondary
 * indexes, no triggers, foreign keys off, and the search index replaced by a plain table.
 */
export function stripToBareTables(db: Database.Database): void {
  const objects = db
    .prepare(
      "select type, name from sqlite_schema where type in ('index', 'trigger') and name not like 'sqlite_%'",
    )
    .all() as { type: string; name: string }[];
  for (const o of objects) db.exec(`drop ${o.type} if exists ${o.name}`);
  db.exec('drop table search_docs; create table search_docs (title text, prompt text, activity text)');
  db.pragma('foreign_keys = off');
}
