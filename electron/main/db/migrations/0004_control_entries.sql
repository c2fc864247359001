-- Pause / resume / respond / cancel / delete requests made from Tracedeck and their outcomes.
-- Kept apart from activity_items, which a resync replaces, and merged back into the feed by time.
create table control_entries (
  id integer primary key,
  session_id integer not null references sessions (id) on delete cascade,
  action text not null,
  phase text not null,
  by text not null,
  detail text,
  at integer not null
) strict;

create index control_entries_by_session on control_entries (session_id, at);
