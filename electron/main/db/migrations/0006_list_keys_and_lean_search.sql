-- Every column a list filters or sorts on, keyed by id: a text search looks its matches up here
-- (about 100 bytes an entry, in id order) rather than in the wide table rows, about three times
-- faster (db/session-list-repo.ts names it in `indexed by`).
create index sessions_list_keys on sessions (id, sort_at, duration_ms, total_tokens, cost_usd, kind,
  status, trigger_type, error_count, target_id);

-- search_docs again, without per-document column sizes (columnsize = 0): results are ordered by
-- the list's sort, never by bm25(), so that table only cost writes and space. The documents are
-- copied from the old index's content, so no text is rebuilt.
drop trigger sessions_search_delete;
create virtual table search_docs_lean using fts5 (title, prompt, activity, tokenize = 'trigram',
  columnsize = 0);
insert into search_docs_lean (search_docs_lean, rank) values ('hashsize', 67108864);
insert into search_docs_lean (search_docs_lean, rank) values ('automerge', 8);
insert into search_docs_lean (rowid, title, prompt, activity)
  select rowid, title, prompt, activity from search_docs;
drop table search_docs;
alter table search_docs_lean rename to search_docs;
create trigger sessions_search_delete after delete on sessions
begin
  delete from search_docs where rowid = old.id;
end;
