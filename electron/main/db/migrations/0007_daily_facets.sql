-- session_facets again, per UTC day of sort_at, so a time range's totals and facet counts are a
-- sum over its whole days plus a count of its two partial edge days (db/session-list-repo.ts),
-- instead of a scan of every session in the range. Day = floor(sort_at / 86,400,000).

create table session_facets_daily (
  day integer not null,
  target_id text not null,
  kind text not null,
  status text not null,
  trigger_type text not null,
  has_errors integer not null,
  n integer not null,
  primary key (day, target_id, kind, status, trigger_type, has_errors)
) strict, without rowid;

insert into session_facets_daily (day, target_id, kind, status, trigger_type, has_errors, n)
select sort_at / 86400000 - (sort_at < 0 and sort_at % 86400000 != 0), target_id, kind, status,
  trigger_type, error_count > 0, count(*)
from sessions
group by 1, 2, 3, 4, 5, 6;

create trigger sessions_facets_daily_insert after insert on sessions
begin
  insert into session_facets_daily (day, target_id, kind, status, trigger_type, has_errors, n)
  values (new.sort_at / 86400000 - (new.sort_at < 0 and new.sort_at % 86400000 != 0), new.target_id,
    new.kind, new.status, new.trigger_type, new.error_count > 0, 1)
  on conflict do update set n = n + 1;
end;

create trigger sessions_facets_daily_delete after delete on sessions
begin
  update session_facets_daily set n = n - 1
  where day = old.sort_at / 86400000 - (old.sort_at < 0 and old.sort_at % 86400000 != 0)
    and target_id = old.target_id and kind = old.kind and status = old.status
    and trigger_type = old.trigger_type and has_errors = (old.error_count > 0);
end;

create trigger sessions_facets_daily_update after update of sort_at, target_id, kind, status,
  trigger_type, error_count
on sessions
when old.sort_at / 86400000 - (old.sort_at < 0 and old.sort_at % 86400000 != 0)
    is not new.sort_at / 86400000 - (new.sort_at < 0 and new.sort_at % 86400000 != 0)
  or old.target_id is not new.target_id or old.kind is not new.kind
  or old.status is not new.status or old.trigger_type is not new.trigger_type
  or (old.error_count > 0) is not (new.error_count > 0)
begin
  update session_facets_daily set n = n - 1
  where day = old.sort_at / 86400000 - (old.sort_at < 0 and old.sort_at % 86400000 != 0)
    and target_id = old.target_id and kind = old.kind and status = old.status
    and trigger_type = old.trigger_type and has_errors = (old.error_count > 0);
  insert into session_facets_daily (day, target_id, kind, status, trigger_type, has_errors, n)
  values (new.sort_at / 86400000 - (new.sort_at < 0 and new.sort_at % 86400000 != 0), new.target_id,
    new.kind, new.status, new.trigger_type, new.error_count > 0, 1)
  on conflict do update set n = n + 1;
end;
