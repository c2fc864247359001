-- Core tables. Ids local to this database are INTEGER (DTOs carry them as decimal strings);
-- remote ids are TEXT. Every *_at column is epoch ms. Long texts live in `payloads`: hot
-- tables keep a bounded excerpt or preview and the payload's id.

create table targets (
  id text primary key,
  name text not null,
  kind text not null,
  location text not null,
  base_url text not null,
  auth_mode text not null,
  -- Whether the credential store holds a secret for this target; the secret is never here.
  has_credential integer not null default 0,
  enabled integer not null default 1,
  read_only integer not null default 0,
  created_at integer not null,
  updated_at integer not null
) strict;

create table sync_state (
  target_id text not null references targets (id) on delete cascade,
  scope text not null,
  cursor text,
  status text not null default 'idle',
  last_error_code text,
  last_error_message text,
  last_attempt_at integer,
  last_success_at integer,
  next_attempt_at integer,
  attempt integer not null default 0,
  progress_pages integer not null default 0,
  progress_records integer not null default 0,
  progress_total integer,
  updated_at integer not null,
  primary key (target_id, scope)
) strict, without rowid;

create table sessions (
  id integer primary key autoincrement,
  target_id text not null references targets (id) on delete cascade,
  remote_id text not null,
  kind text not null,
  name text,
  status text not null,
  trigger_type text not null,
  trigger_source text,
  trigger_raw text,
  actor text,
  project text,
  component_type text not null,
  component_id text,
  component_name text,
  prompt text,
  prompt_payload_id integer,
  summary text,
  summary_payload_id integer,
  -- Resolved to a local id when read, so a child synced before its parent still links up.
  parent_remote_id text,
  created_at integer,
  queued_at integer,
  started_at integer,
  finished_at integer,
  -- The list's time axis: started_at, else queued_at, else created_at, else 0.
  sort_at integer not null,
  duration_ms integer,
  input_tokens integer,
  output_tokens integer,
  total_tokens integer,
  cost_usd real,
  models text not null default '[]',
  services text not null default '[]',
  error_count integer not null default 0,
  tool_call_count integer not null default 0,
  remote_updated_at integer,
  synced_at integer,
  -- Hash of the last stored detail, so re-syncing an unchanged session writes nothing.
  detail_hash text,
  -- Local only: never written by sync.
  tags text not null default '[]',
  notes text
) strict;

create unique index sessions_by_remote_id on sessions (target_id, remote_id);
create index sessions_by_parent on sessions (target_id, parent_remote_id)
  where parent_remote_id is not null;

-- Rows below a session are replaced together with it, so references between them (run_id,
-- *_payload_id) are not foreign keys: each would need its own index just for cascades.
create table runs (
  id integer primary key,
  session_id integer not null references sessions (id) on delete cascade,
  seq integer not null,
  remote_id text not null,
  parent_remote_id text,
  kind text not null,
  status text not null,
  component_name text,
  -- Bodies (input, output, error) as content type, byte size and preview; the payload id is
  -- set only when the body is longer than its preview. See payloads.
  input_type text,
  input_size integer,
  input_preview text,
  input_payload_id integer,
  output_type text,
  output_size integer,
  output_preview text,
  output_payload_id integer,
  error_type text,
  error_size integer,
  error_preview text,
  error_payload_id integer,
  input_tokens integer,
  output_tokens integer,
  total_tokens integer,
  time_to_first_token_ms integer,
  duration_ms integer,
  cost_usd real,
  model text,
  provider text,
  created_at integer,
  started_at integer,
  finished_at integer
) strict;

create unique index runs_by_session on runs (session_id, seq);

create table activity_items (
  id integer primary key,
  session_id integer not null references sessions (id) on delete cascade,
  seq integer not null,
  run_id integer,
  kind text not null,
  at integer,
  role text,
  title text,
  -- An excerpt; body_payload_id holds the whole text when it was longer.
  text text,
  body_payload_id integer,
  tool_call_id text,
  tool_name text,
  tool_args_type text,
  tool_args_size integer,
  tool_args_preview text,
  tool_args_payload_id integer,
  tool_result_type text,
  tool_result_size integer,
  tool_result_preview text,
  tool_result_payload_id integer,
  tool_state text,
  error_category text,
  error_message text,
  retry_count integer,
  duration_ms integer,
  control_action text,
  control_phase text,
  control_by text,
  control_detail text,
  link_relation text,
  link_session_remote_id text,
  link_run_remote_id text,
  link_name text,
  source_type text
) strict;

create unique index activity_items_by_session on activity_items (session_id, seq);

create table spans (
  id integer primary key,
  session_id integer not null references sessions (id) on delete cascade,
  trace_id text not null,
  span_id text not null,
  parent_span_id text,
  name text not null,
  kind text not null,
  start_ns integer not null,
  end_ns integer,
  status text not null,
  status_message text,
  attributes text not null default '{}',
  events text not null default '[]',
  -- Set when attributes and events were too big to keep inline; they are in this payload.
  detail_payload_id integer
) strict;

create unique index spans_by_identity on spans (trace_id, span_id);
create index spans_by_session_start on spans (session_id, start_ns);

-- Bodies longer than the preview their hot row keeps (2,000 characters): prompts, run inputs
-- and outputs, tool arguments and results, span attributes, user files. Shorter bodies live
-- only in their hot row, which saves a row and an index entry for most of them.
create table payloads (
  id integer primary key,
  session_id integer references sessions (id) on delete cascade,
  -- 'session' (prompt, summary), 'detail' (runs, activity, spans: replaced on re-sync), 'standalone'
  owner text not null,
  content_type text not null,
  byte_size integer not null,
  preview text not null,
  created_at integer not null,
  -- The body comes last: reading the columns before it never touches its overflow pages.
  body_text text,
  body_blob blob,
  check ((body_text is null) <> (body_blob is null))
) strict;

create index payloads_by_session on payloads (session_id, owner, byte_size);

create table raw_records (
  id integer primary key,
  target_id text not null references targets (id) on delete cascade,
  session_id integer references sessions (id) on delete cascade,
  entity text not null,
  remote_key text not null,
  json text not null,
  parse_error text,
  received_at integer not null
) strict;

create unique index raw_records_by_key on raw_records (target_id, entity, remote_key);
create index raw_records_by_session on raw_records (session_id) where session_id is not null;
create index raw_records_with_errors on raw_records (target_id, received_at)
  where parse_error is not null;
