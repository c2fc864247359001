-- The partition a session lives in at its source (an AgentOS db_id), needed to fetch it again.
alter table sessions add column remote_scope text;

-- Live refresh looks up a target's sessions that can still change.
create index sessions_by_target_status on sessions (target_id, status);
