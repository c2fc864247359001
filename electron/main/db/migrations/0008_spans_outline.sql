-- The trace waterfall reads every span of a session in (start, id) order (db/spans-repo.ts,
-- traceOutline). An index covering the columns it reads keeps that scan off the wide span rows,
-- whose attributes and events take up to 16 KB each, so 100,000 spans read in one pass over
-- compact entries. It starts with (session_id, start_ns, id), so it also serves spanWindow and
-- replaces the narrower index.
create index spans_outline on spans (session_id, start_ns, id, trace_id, span_id, parent_span_id,
  end_ns, status, kind, name);
drop index spans_by_session_start;
