import type { Db } from './connection';
import { prepared } from './statements';

/** Row counts of a store and its size (see `storeStats`). */
export interface StoreStats {
  sessions: number;
  runs: number;
  activityItems: number;
  spans: number;
  payloads: number;
  rawRecords: number;
  searchDocuments: number;
  /** Bytes of the database pages: the file size once the write-ahead log is checkpointed. */
  bytes: number;
}

const COUNTED = {
  sessions: 'sessions',
  runs: 'runs',
  activityItems: 'activity_items',
  spans: 'spans',
  payloads: 'payloads',
  rawRecords: 'raw_records',
  searchDocuments: 'search_docs_content',
} as const;

/**
 * Row counts of every stored entity and the size of the database. Counting scans each table's
 * smallest index: about a second per ten million rows.
 */
export function storeStats(db: Db): StoreStats {
  const counts = Object.fromEntries(
    Object.entries(COUNTED).map(([key, table]) => [
      key,
      (prepared<{ n: number }>(db, `select count(*) as n from ${table}`).get() as { n: number }).n,
    ]),
  ) as Omit<StoreStats, 'bytes'>;
  const pages = prepared<{ n: number }>(
    db,
    'select page_count * page_size as n from pragma_page_count(), pragma_page_size()',
  ).get() as {
    n: number;
  };
  return { ...counts, bytes: pages.n };
}

/**
 * Refreshes the planner's statistics where tables changed a lot (bounded work: SQLite samples
 * at most 1,000 rows per index). Call after a large sync and before closing; without statistics
 * the planner can pick a poor index for list filters at a million rows.
 */
export function optimizeStore(db: Db): void {
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
}
