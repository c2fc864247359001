import type { ControlEntry } from '@shared/models/activity';
import type { IngestActivity } from '@shared/models/ingest';
import type { Db } from './connection';
import { prepared, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

export interface StoredControlEntry extends ControlEntry {
  /** Epoch ms. */
  at: number;
}

const TITLES: Record<ControlEntry['phase'], string> = {
  requested: 'requested',
  completed: 'confirmed',
  failed: 'failed',
};

/** A control entry as a feed item, the shape the detail writer stores. */
export function controlActivity(entry: StoredControlEntry): IngestActivity {
  return {
    runRemoteId: null,
    kind: 'control',
    at: entry.at,
    role: null,
    title: `${entry.action[0]?.toUpperCase()}${entry.action.slice(1)} ${TITLES[entry.phase]}`,
    text: entry.detail,
    body: null,
    tool: null,
    control: { action: entry.action, phase: entry.phase, by: entry.by, detail: entry.detail },
    link: null,
    sourceType: 'tracedeck.control',
  };
}

/**
 * Records a control entry and shows it at the end of the session's feed at once; the next
 * sync of the session re-merges it in time order. False when there is no such session.
 */
export function recordControlEntry(store: Store, sessionId: string, entry: StoredControlEntry): boolean {
  const rowId = toRowId(sessionId);
  if (rowId === null) return false;
  return transact(store, () => {
    const exists = prepared(store.db, 'select 1 from sessions where id = ?').get(rowId);
    if (!exists) return false;
    prepared(
      store.db,
      'insert into control_entries (session_id, action, phase, by, detail, at) values (?, ?, ?, ?, ?, ?)',
    ).run(rowId, entry.action, entry.phase, entry.by, entry.detail, entry.at);
    const item = controlActivity(entry);
    prepared(
      store.db,
      `insert into activity_items (session_id, seq, kind, at, title, text, control_action, control_phase,
         control_by, control_detail, source_type)
       values (?, (select coalesce(max(seq), -1) + 1 from activity_items where session_id = ?), 'control',
         ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      rowId,
      rowId,
      entry.at,
      item.title,
      entry.detail,
      entry.action,
      entry.phase,
      entry.by,
      entry.detail,
      item.sourceType,
    );
    markChanged(store, ['control_entries', 'activity_items']);
    return true;
  });
}

/** A session's control entries, oldest first. */
export function listControlEntries(db: Db, sessionId: string): StoredControlEntry[] {
  const rowId = toRowId(sessionId);
  if (rowId === null) return [];
  return prepared<StoredControlEntry>(
    db,
    'select action, phase, by, detail, at from control_entries where session_id = ? order by at, id',
  ).all(rowId);
}

/**
 * Interleaves control entries into a source's feed by time: each goes before the first item
 * that happened after it, and after items without a time. Sources often stamp events to the
 * second, so a request is placed before anything in its own second: the source can only have
 * reacted to it.
 */
export function mergeControlEntries(
  activity: readonly IngestActivity[],
  entries: readonly StoredControlEntry[],
): IngestActivity[] {
  if (entries.length === 0) return [...activity];
  const comesBefore = (entry: StoredControlEntry, at: number): boolean =>
    entry.phase === 'requested' ? Math.floor(entry.at / 1000) * 1000 <= at : entry.at < at;
  const merged: IngestActivity[] = [];
  let next = 0;
  for (const item of activity) {
    while (next < entries.length && item.at !== null && comesBefore(entries[next]!, item.at)) {
      merged.push(controlActivity(entries[next]!));
      next++;
    }
    merged.push(item);
  }
  while (next < entries.length) merged.push(controlActivity(entries[next++]!));
  return merged;
}
