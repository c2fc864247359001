import type { Db } from './connection';
import { cut, SEARCH_ACTIVITY_CHARS, SEARCH_ITEM_CHARS } from './limits';
import { prepared } from './statements';
import { deferUntilCommit } from './store';

/*
 * Builds and writes the per-session documents of `search_docs` (see 0002_list_and_search.sql,
 * whose backfill builds the same documents in SQL: keep the two in step).
 */

function joinPresent(parts: readonly (string | null | undefined)[]): string {
  return parts.filter((p): p is string => p !== null && p !== undefined).join('\n');
}

/** The `title` column: a session's names (its own, its component's), actor, project and trigger source. */
export function titleDocument(s: {
  name: string | null;
  componentName: string | null;
  componentId: string | null;
  actor: string | null;
  project: string | null;
  triggerSource: string | null;
}): string {
  return joinPresent([s.name, s.componentName, s.componentId, s.actor, s.project, s.triggerSource]);
}

/** From the stored excerpts of the prompt and summary. */
export function promptDocument(prompt: string | null, summary: string | null): string {
  return joinPresent([prompt, summary]);
}

/** One activity item's part of the document, from what the hot tables store for it. */
export function activityPiece(item: {
  title: string | null;
  text: string | null;
  toolName: string | null;
  argsPreview: string | null;
  resultPreview: string | null;
  errorMessage: string | null;
}): string {
  return cut(
    joinPresent([
      item.title,
      item.text,
      item.toolName,
      item.argsPreview,
      item.resultPreview,
      item.errorMessage,
    ]),
    SEARCH_ITEM_CHARS,
  );
}

/** The `activity` column: the items' pieces in seq order, then the runs' error previews, cut to 256 KB. */
export function activityDocument(pieces: readonly string[], runErrors: readonly string[]): string {
  return cut([...pieces, ...runErrors].join('\n'), SEARCH_ACTIVITY_CHARS);
}

interface DocRow {
  title: string;
  prompt: string;
  activity: string;
}

interface PendingDoc {
  isNew: boolean;
  title?: string;
  prompt?: string;
  activity?: string;
}

const pending = new WeakMap<Db, Map<number, PendingDoc>>();

/**
 * Brings a session's document up to date; `activity` undefined keeps the stored activity part.
 * Inside `transact` the write waits until just before the commit, so all FTS writes of a
 * transaction run back to back: FTS5 flushes its in-memory index to a new segment whenever
 * another statement opens a statement journal, and interleaving one FTS write per session with
 * the session's other writes made bulk sync four times slower.
 */
export function writeSearchDocument(
  db: Db,
  sessionId: number,
  isNew: boolean,
  doc: Omit<PendingDoc, 'isNew'>,
): void {
  let queue = pending.get(db);
  if (!queue) {
    queue = new Map();
    pending.set(db, queue);
  }
  const queued = queue.get(sessionId);
  queue.set(sessionId, { ...queued, ...withoutUndefined(doc), isNew: queued?.isNew ?? isNew });
  const isDeferred = deferUntilCommit(
    db,
    'search_docs',
    () => flushSearchDocuments(db),
    () => pending.delete(db),
  );
  if (!isDeferred) flushSearchDocuments(db);
}

function withoutUndefined(doc: Omit<PendingDoc, 'isNew'>): Omit<PendingDoc, 'isNew'> {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

function flushSearchDocuments(db: Db): void {
  const queue = pending.get(db);
  if (!queue) return;
  pending.delete(db);
  for (const [sessionId, doc] of queue) {
    if (!prepared(db, 'select 1 from sessions where id = ?').get(sessionId)) continue;
    writeDocument(db, sessionId, doc);
  }
}

/** Rewrites nothing when the document is unchanged: FTS5 re-tokenizes a whole row on update. */
function writeDocument(db: Db, sessionId: number, doc: PendingDoc): void {
  const existing = doc.isNew
    ? undefined
    : prepared<DocRow>(db, 'select title, prompt, activity from search_docs where rowid = ?').get(sessionId);
  if (!existing) {
    prepared(db, 'insert into search_docs (rowid, title, prompt, activity) values (?, ?, ?, ?)').run(
      sessionId,
      doc.title ?? '',
      doc.prompt ?? '',
      doc.activity ?? '',
    );
    return;
  }
  const next = {
    title: doc.title ?? existing.title,
    prompt: doc.prompt ?? existing.prompt,
    activity: doc.activity ?? existing.activity,
  };
  if (
    next.title === existing.title &&
    next.prompt === existing.prompt &&
    next.activity === existing.activity
  ) {
    return;
  }
  prepared(db, 'update search_docs set title = ?, prompt = ?, activity = ? where rowid = ?').run(
    next.title,
    next.prompt,
    next.activity,
    sessionId,
  );
}
