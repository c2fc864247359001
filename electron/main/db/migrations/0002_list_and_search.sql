-- What the session list needs at 1,000,000 rows: one index per order (the rowid is the
-- tie-breaker every index ends with), equality-prefixed variants for the common filters,
-- facet counts kept up to date by triggers, and a trigram full-text index.

create index sessions_by_sort_at on sessions (sort_at);
create index sessions_by_duration on sessions (duration_ms);
create index sessions_by_tokens on sessions (total_tokens);
create index sessions_by_cost on sessions (cost_usd);
create index sessions_by_target_sort_at on sessions (target_id, sort_at);
create index sessions_by_kind_status_sort_at on sessions (kind, status, sort_at);
create index sessions_by_status_sort_at on sessions (status, sort_at);

-- Session counts per facet combination, so the unfiltered (and facet-only filtered) totals
-- and facet counts are sums over a few hundred rows instead of scans of the sessions table.
create table session_facets (
  target_id text not null,
  kind text not null,
  status text not null,
  trigger_type text not null,
  has_errors integer not null,
  n integer not null,
  primary key (target_id, kind, status, trigger_type, has_errors)
) strict, without rowid;

insert into session_facets (target_id, kind, status, trigger_type, has_errors, n)
select target_id, kind, status, trigger_type, error_count > 0, count(*)
from sessions
group by 1, 2, 3, 4, 5;

create trigger sessions_facets_insert after insert on sessions
begin
  insert into session_facets (target_id, kind, status, trigger_type, has_errors, n)
  values (new.target_id, new.kind, new.status, new.trigger_type, new.error_count > 0, 1)
  on conflict do update set n = n + 1;
end;

create trigger sessions_facets_delete after delete on sessions
begin
  update session_facets set n = n - 1
  where target_id = old.target_id and kind = old.kind and status = old.status
    and trigger_type = old.trigger_type and has_errors = (old.error_count > 0);
end;

create trigger sessions_facets_update after update of target_id, kind, status, trigger_type, error_count
on sessions
when old.target_id is not new.target_id or old.kind is not new.kind
  or old.status is not new.status or old.trigger_type is not new.trigger_type
  or (old.error_count > 0) is not (new.error_count > 0)
begin
  update session_facets set n = n - 1
  where target_id = old.target_id and kind = old.kind and status = old.status
    and trigger_type = old.trigger_type and has_errors = (old.error_count > 0);
  insert into session_facets (target_id, kind, status, trigger_type, has_errors, n)
  values (new.target_id, new.kind, new.status, new.trigger_type, new.error_count > 0, 1)
  on conflict do update set n = n + 1;
end;

-- One document per session (rowid = sessions.id): `title` holds names, `prompt` the prompt
-- and summary, `activity` messages (minus a repeat of the prompt), tool calls and errors,
-- each item cut to 4 KB and the whole column to 256 KB. Trigram tokens make substring and CJK
-- queries work. Built in JS on writes (search-docs.ts); this backfill builds the same text.
create virtual table search_docs using fts5 (title, prompt, activity, tokenize = 'trigram');
-- A 64 MB in-memory index before flushing (default 1 MB) and merging 8 segments per level
-- (default 4): a large sync writes fewer, bigger segments and merges less, about 30 % faster.
insert into search_docs (search_docs, rank) values ('hashsize', 67108864);
insert into search_docs (search_docs, rank) values ('automerge', 8);

insert into search_docs (rowid, title, prompt, activity)
select
  s.id,
  concat_ws(char(10), s.name, s.component_name, s.component_id, s.actor, s.project,
    s.trigger_source),
  concat_ws(char(10), s.prompt, s.summary),
  substr(coalesce(concat_ws(char(10),
    (
      select group_concat(
        substr(concat_ws(char(10), a.title, nullif(a.text, s.prompt), a.tool_name, a.tool_args_preview,
          a.tool_result_preview, a.error_message), 1, 4096),
        char(10) order by a.seq)
      from activity_items a
      where a.session_id = s.id
    ),
    (
      select group_concat(r.error_preview, char(10) order by r.seq)
      from runs r
      where r.session_id = s.id and r.error_preview is not null
    )
  ), ''), 1, 262144)
from sessions s;

create trigger sessions_search_delete after delete on sessions
begin
  delete from search_docs where rowid = old.id;
end;
