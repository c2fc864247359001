import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSession } from '@shared/models/ingest';
import type { Session, SessionKind, TriggerType } from '@shared/models/session';
import type { SessionQuery, SessionSortField } from '@shared/models/session-query';
import { SESSION_STATUSES } from '@shared/models/status';
import { storeSessionDetail } from '../../../electron/main/db/session-detail-repo';
import {
  closeSessionQuery,
  countSessions,
  explainSessionQuery,
  fillSessionQuery,
  highlightWords,
  listSessions,
  openSessionQuery,
  sessionFacets,
  sessionWindow,
} from '../../../electron/main/db/session-list-repo';
import { deleteSessions, getSession, upsertSessions } from '../../../electron/main/db/sessions-repo';
import {
  addTarget,
  createRng,
  createTestStore,
  makeActivity,
  makeDetail,
  makeSession,
  NOW,
  type TestStore,
} from './helpers';

/*
 * Filters, orders, windows, seeks, counts and facets checked against a brute-force reference
 * over random sessions (seeded, so a failure reproduces).
 */

const SEED = 20261122;
const COUNT = 3000;
const TARGETS = ['t-a', 't-b', 't-c'];
const KINDS: SessionKind[] = ['agent', 'team', 'workflow'];
const TRIGGERS: TriggerType[] = ['manual', 'api', 'schedule', 'agent', 'unknown'];
const WORDS = ['invoice', 'refund', 'latency', 'kafka', 'onboarding', 'Quarterly', 'déjà', '東京都', '大阪'];
const DAY = 86_400_000;

let t: TestStore;
const reference: Session[] = [];
const documents = new Map<string, string>();

function randomSessions(): IngestSession[] {
  const rng = createRng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const maybe = <T>(value: T, nullRate: number): T | null => (rng() < nullRate ? null : value);
  return Array.from({ length: COUNT }, (_, i) => {
    const kind = pick(KINDS);
    // Few distinct values, so ties (broken by id) are common.
    const startedAt = maybe(NOW - Math.floor(rng() * 40) * DAY, 0.05);
    const words = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => pick(WORDS));
    return makeSession({
      remoteId: `r-${i}`,
      kind,
      component: { type: kind, id: `${kind}-${i % 7}`, name: `${kind} number ${i % 7}` },
      name: rng() < 0.1 ? null : `Session ${i} about ${words[0]}`,
      status: pick(SESSION_STATUSES),
      trigger: { type: pick(TRIGGERS), source: null, raw: null },
      actor: null,
      project: null,
      prompt: rng() < 0.1 ? null : `Please look at ${words.join(' and ')}`,
      summary: null,
      createdAt: NOW - 50 * DAY,
      queuedAt: startedAt === null ? maybe(NOW - Math.floor(rng() * 40) * DAY, 0.5) : null,
      startedAt,
      durationMs: maybe(Math.floor(rng() * 20) * 100, 0.2),
      tokens: { input: null, output: null, total: maybe(Math.floor(rng() * 50) * 10, 0.2) },
      costUsd: maybe(Math.floor(rng() * 30) / 100, 0.3),
      errorCount: rng() < 0.2 ? 1 + Math.floor(rng() * 3) : 0,
    });
  });
}

function sortAt(s: Session): number {
  return s.startedAt ?? s.queuedAt ?? s.createdAt ?? 0;
}

const FIELDS: Record<SessionSortField, (s: Session) => number | null> = {
  startedAt: sortAt,
  durationMs: (s) => s.durationMs,
  totalTokens: (s) => s.tokens.total,
  costUsd: (s) => s.costUsd,
};

function matches(s: Session, q: SessionQuery, without?: string): boolean {
  const inSet = <T>(values: readonly T[] | undefined, value: T) =>
    !values || values.length === 0 || values.includes(value);
  if (without !== 'targets' && !inSet(q.targetIds, s.targetId)) return false;
  if (without !== 'kinds' && !inSet(q.kinds, s.kind)) return false;
  if (without !== 'statuses' && !inSet(q.statuses, s.status)) return false;
  if (without !== 'triggers' && !inSet(q.triggerTypes, s.trigger.type)) return false;
  if (without !== 'errors' && q.hasErrors != null && s.errorCount > 0 !== q.hasErrors) return false;
  if (q.startedFrom != null && sortAt(s) < q.startedFrom) return false;
  if (q.startedTo != null && sortAt(s) >= q.startedTo) return false;
  if (q.text) {
    const doc = (documents.get(s.id) ?? '').toLowerCase();
    if (
      !q.text
        .trim()
        .split(/\s+/)
        .every((w) => doc.includes(w.toLowerCase()))
    )
      return false;
  }
  return true;
}

function expected(q: SessionQuery): string[] {
  const field = q.sort?.field ?? 'startedAt';
  const dir = (q.sort?.direction ?? 'desc') === 'desc' ? -1 : 1;
  const value = FIELDS[field];
  return reference
    .filter((s) => matches(s, q))
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
      } else if (va !== vb) {
        return (va - vb) * dir;
      }
      return (Number(a.id) - Number(b.id)) * dir;
    })
    .map((s) => s.id);
}

function randomQuery(rng: () => number): SessionQuery {
  const subset = <T>(items: readonly T[]): T[] | undefined =>
    rng() < 0.6 ? undefined : items.filter(() => rng() < 0.4);
  const fields: SessionSortField[] = ['startedAt', 'durationMs', 'totalTokens', 'costUsd'];
  const q: SessionQuery = {
    targetIds: subset(TARGETS),
    kinds: subset(KINDS),
    statuses: subset(SESSION_STATUSES),
    triggerTypes: subset(TRIGGERS),
    hasErrors: rng() < 0.7 ? undefined : rng() < 0.5,
    sort:
      rng() < 0.3
        ? undefined
        : { field: fields[Math.floor(rng() * 4)] ?? 'startedAt', direction: rng() < 0.5 ? 'asc' : 'desc' },
  };
  if (rng() < 0.25) {
    const from = NOW - Math.floor(rng() * 40) * DAY;
    q.startedFrom = from;
    q.startedTo = rng() < 0.5 ? null : from + Math.floor(rng() * 20) * DAY;
  }
  if (rng() < 0.2) q.text = WORDS.filter((w) => [...w].length >= 3)[Math.floor(rng() * 7)] ?? 'invoice';
  return q;
}

beforeAll(() => {
  t = createTestStore();
  for (const id of TARGETS) addTarget(t.store, id);
  const sessions = randomSessions();
  sessions.forEach((s, i) => {
    const target = TARGETS[i % TARGETS.length] ?? 't-a';
    const [id = ''] = upsertSessions(t.store, target, [s], NOW);
    const session = getSession(t.db, id);
    if (!session) throw new Error('session missing');
    reference.push(session);
    const name = s.name === null ? [] : [s.name];
    const prompt = s.prompt === null ? [] : [s.prompt];
    documents.set(id, [...name, s.component.name, s.component.id, ...prompt].join('\n'));
  });
});

afterAll(() => t.close());

describe('session list: filters, orders and windows against a brute-force reference', () => {
  it('reads the default order straight off an index, with no sort step', () => {
    const plan = explainSessionQuery(t.db, {}).join('\n');
    expect(plan).toMatch(/SCAN s USING (COVERING )?INDEX sessions_by_sort_at/);
    expect(plan).not.toContain('TEMP B-TREE');
    for (const field of ['durationMs', 'totalTokens', 'costUsd'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        expect(explainSessionQuery(t.db, { sort: { field, direction } }).join('\n')).not.toContain(
          'TEMP B-TREE',
        );
      }
    }
    const text = explainSessionQuery(t.db, { text: 'invoice', statuses: ['failed'] }).join('\n');
    expect(text).toMatch(/SCAN f VIRTUAL TABLE[\s\S]*SEARCH s USING COVERING INDEX sessions_list_keys/);
    const filtered = explainSessionQuery(t.db, { kinds: ['workflow'], statuses: ['failed'] }).join('\n');
    expect(filtered).toContain('sessions_by_kind_status_sort_at');
    expect(filtered).not.toContain('TEMP B-TREE');
    // A common kind alone is read off the sort index in order, skipping the other kinds, rather
    // than collecting every match of (kind, status, sort_at) before the first row.
    const byKind = explainSessionQuery(t.db, { kinds: ['workflow'] }).join('\n');
    expect(byKind).toMatch(/sessions_by_sort_at/);
    expect(byKind).not.toContain('TEMP B-TREE');
  });

  it('gives the same rows, totals and order as the reference for random queries, windows and seeks', () => {
    const rng = createRng(SEED + 1);
    for (let n = 0; n < 120; n++) {
      const q = randomQuery(rng);
      const want = expected(q);
      const label = JSON.stringify(q);
      const info = openSessionQuery(t.db, q);
      expect(info.total, label).toBe(want.length);
      expect(countSessions(t.db, q), label).toBe(want.length);
      // Windows in random order, deep first, so lazy filling is exercised from any point.
      for (let w = 0; w < 6; w++) {
        const start = Math.floor(rng() * (want.length + 10));
        const size = 1 + Math.floor(rng() * 120);
        const rows = sessionWindow(t.db, info.queryId, start, size) ?? [];
        expect(
          rows.map((r) => r.session.id),
          `${label} window ${start}+${size}`,
        ).toEqual(want.slice(start, start + size));
        expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => start + i));
      }
      const all: string[] = [];
      for (let start = 0; start < want.length; start += 257) {
        all.push(...(sessionWindow(t.db, info.queryId, start, 257) ?? []).map((r) => r.session.id));
      }
      expect(all, label).toEqual(want);
      closeSessionQuery(t.db, info.queryId);

      if (n % 4 === 0) {
        const seen: string[] = [];
        let page = listSessions(t.db, q, { limit: 97 });
        seen.push(...page.sessions.map((s) => s.id));
        while (page.next) {
          page = listSessions(t.db, q, { after: page.next, limit: 97 });
          seen.push(...page.sessions.map((s) => s.id));
        }
        expect(seen, `seek ${label}`).toEqual(want);
      }
    }
  });

  it('counts facets with every filter but their own, as the reference does', () => {
    const rng = createRng(SEED + 2);
    const count = (q: SessionQuery, dim: string, key: (s: Session) => string) => {
      const counts = new Map<string, number>();
      for (const s of reference) if (matches(s, q, dim)) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
      return counts;
    };
    for (let n = 0; n < 40; n++) {
      const q = randomQuery(rng);
      const label = JSON.stringify(q);
      const facets = sessionFacets(t.db, q);
      const asMap = (list: { value: string; count: number }[]) =>
        new Map(list.filter((f) => f.count > 0).map((f) => [f.value, f.count]));
      expect(facets.total, label).toBe(expected(q).length);
      expect(asMap(facets.kinds), label).toEqual(count(q, 'kinds', (s) => s.kind));
      expect(asMap(facets.statuses), label).toEqual(count(q, 'statuses', (s) => s.status));
      expect(asMap(facets.triggerTypes), label).toEqual(count(q, 'triggers', (s) => s.trigger.type));
      expect(asMap(facets.targets), label).toEqual(count(q, 'targets', (s) => s.targetId));
      expect(asMap(facets.errors), label).toEqual(
        count(q, 'errors', (s) => (s.errorCount > 0 ? 'with-errors' : 'without-errors')),
      );
      expect(facets.statuses.map((f) => f.value)).toEqual([...SESSION_STATUSES]);
    }
  });

  it('fills a lazily opened query in the background up to its end', () => {
    const info = openSessionQuery(t.db, { sort: { field: 'costUsd', direction: 'asc' } });
    let isDone = false;
    for (let i = 0; i < 100 && !isDone; i++) isDone = fillSessionQuery(t.db, info.queryId, 500);
    expect(isDone).toBe(true);
    const want = expected({ sort: { field: 'costUsd', direction: 'asc' } });
    expect(sessionWindow(t.db, info.queryId, want.length - 5, 10)?.map((r) => r.session.id)).toEqual(
      want.slice(-5),
    );
  });

  it('keeps at most four queries open per connection; an evicted one reports null', () => {
    const ids = Array.from({ length: 5 }, () => openSessionQuery(t.db, {}).queryId);
    expect(sessionWindow(t.db, ids[0] ?? 0, 0, 5)).toBeNull();
    expect(sessionWindow(t.db, ids[4] ?? 0, 0, 5)).toHaveLength(5);
    expect(sessionWindow(t.db, 987654, 0, 5)).toBeNull();
    for (const id of ids) closeSessionQuery(t.db, id);
  });
});

describe('session list: time ranges crossing UTC day edges', () => {
  // Sessions at arbitrary milliseconds over 12 days, some exactly on midnight or a millisecond
  // either side of it; ranges start and end anywhere, so whole days come from the daily facet
  // table and the partial edge days are counted (directly or as the day minus the rest).
  const DAY0 = Math.floor(NOW / DAY) * DAY;
  let s: TestStore;
  const sessions: { id: string; sortAt: number; kind: SessionKind; status: string; target: string }[] = [];

  const between = (from: number | null, to: number | null) =>
    sessions.filter((x) => (from === null || x.sortAt >= from) && (to === null || x.sortAt < to));

  beforeAll(() => {
    s = createTestStore();
    for (const id of TARGETS) addTarget(s.store, id);
    const rng = createRng(SEED + 7);
    for (let i = 0; i < 1500; i++) {
      const day = DAY0 - Math.floor(rng() * 12) * DAY;
      const edge = rng();
      const startedAt =
        edge < 0.05 ? day : edge < 0.1 ? day - 1 : edge < 0.15 ? day + 1 : day + Math.floor(rng() * DAY);
      const kind = KINDS[i % 3] ?? 'agent';
      const status = SESSION_STATUSES[Math.floor(rng() * SESSION_STATUSES.length)] ?? 'completed';
      const target = TARGETS[i % TARGETS.length] ?? 't-a';
      const [id = ''] = upsertSessions(
        s.store,
        target,
        [makeSession({ remoteId: `d-${i}`, kind, status, startedAt, queuedAt: null, createdAt: null })],
        NOW,
      );
      sessions.push({ id, sortAt: startedAt, kind, status, target });
    }
  });

  afterAll(() => s.close());

  const check = (from: number | null, to: number | null, extra: SessionQuery = {}) => {
    const q: SessionQuery = { ...extra, startedFrom: from, startedTo: to };
    const label = JSON.stringify(q);
    const inRange = between(from, to);
    const want = inRange.filter((x) => !extra.kinds || extra.kinds.includes(x.kind));
    const facets = sessionFacets(s.db, q);
    expect(facets.total, label).toBe(want.length);
    expect(countSessions(s.db, q), label).toBe(want.length);
    for (const kind of KINDS) {
      expect(facets.kinds.find((f) => f.value === kind)?.count ?? 0, `${label} ${kind}`).toBe(
        inRange.filter((x) => x.kind === kind).length,
      );
    }
    for (const target of TARGETS) {
      expect(facets.targets.find((f) => f.value === target)?.count ?? 0, `${label} ${target}`).toBe(
        want.filter((x) => x.target === target).length,
      );
    }
    const info = openSessionQuery(s.db, q);
    expect(info.total, label).toBe(want.length);
    const ids: string[] = [];
    for (let start = 0; start < want.length; start += 400) {
      ids.push(...(sessionWindow(s.db, info.queryId, start, 400) ?? []).map((r) => r.session.id));
    }
    closeSessionQuery(s.db, info.queryId);
    expect(new Set(ids), label).toEqual(new Set(want.map((x) => x.id)));
  };

  it('counts ranges that start or end inside a day, on midnight, or a millisecond off it', () => {
    const rng = createRng(SEED + 8);
    const bounds = () => {
      const day = DAY0 - Math.floor(rng() * 13) * DAY;
      const r = rng();
      return r < 0.2 ? day : r < 0.3 ? day + 1 : r < 0.4 ? day - 1 : day + Math.floor(rng() * DAY);
    };
    for (let n = 0; n < 60; n++) {
      const a = bounds();
      const b = bounds();
      const kinds = n % 3 === 0 ? (['workflow'] as SessionKind[]) : undefined;
      check(Math.min(a, b), Math.max(a, b) + (n % 5 === 0 ? 0 : 1), kinds ? { kinds } : {});
      if (n % 4 === 0) check(a, null);
      if (n % 4 === 1) check(null, b);
    }
    // Within one day, across exactly one midnight, most of the stored days, beyond them.
    check(DAY0 - 5 * DAY + 1000, DAY0 - 5 * DAY + 2000);
    check(DAY0 - 5 * DAY - 10, DAY0 - 5 * DAY + 10);
    check(DAY0 - 11 * DAY + 5, DAY0 + DAY - 5);
    check(DAY0 - 40 * DAY, DAY0 + 40 * DAY);
    check(DAY0 + 2 * DAY, null);
  });

  it('keeps the daily counts right when sessions move to another day, change or go', () => {
    const moved = sessions.slice(0, 200);
    moved.forEach((x, i) => {
      const startedAt = x.sortAt + (i % 2 === 0 ? 1 : -1) * Math.floor(DAY * (0.3 + (i % 7) / 5));
      const kind = KINDS[(i + 1) % 3] ?? 'agent';
      upsertSessions(
        s.store,
        x.target,
        [
          makeSession({
            remoteId: `d-${i}`,
            kind,
            status: x.status as Session['status'],
            startedAt,
            queuedAt: null,
            createdAt: null,
          }),
        ],
        NOW,
      );
      x.sortAt = startedAt;
      x.kind = kind;
    });
    const gone = sessions.splice(200, 100);
    deleteSessions(
      s.store,
      gone.map((x) => x.id),
    );
    check(DAY0 - 6 * DAY + 12345, DAY0 - DAY - 777);
    check(DAY0 - 3 * DAY, DAY0 - 2 * DAY);
    check(null, DAY0 - 4 * DAY + DAY / 3);
  });
});

describe('session list: text search', () => {
  let s: TestStore;
  const ids: Record<string, string> = {};

  beforeAll(() => {
    s = createTestStore();
    addTarget(s.store);
    const add = (key: string, prompt: string, messages: string[] = []) => {
      ids[key] = storeSessionDetail(
        s.store,
        'target-1',
        makeDetail({
          session: makeSession({
            remoteId: key,
            name: `Session ${key}`,
            prompt,
            startedAt: NOW - Object.keys(ids).length * 1000,
          }),
          activity: messages.map((text) => makeActivity({ role: 'assistant', text })),
          raw: [],
        }),
        NOW,
      );
    };
    add('weather', 'What is the weather in 東京都 tomorrow?', ['東京都港区は晴れです。']);
    add('refund', 'Process the REFUND for invoice 4711', ['The refund was approved.']);
    add('reconcile', 'Run the ledger reconciliation', ['Reconciliation found 3 discrepancies']);
    add('quotes', 'He said "stop" and AND OR NOT', []);
    add('osaka', '大阪の支店', ['在庫がありません']);
  });

  afterAll(() => s.close());

  const search = (text: string, query: SessionQuery = {}) => {
    const info = openSessionQuery(s.db, { ...query, text });
    return { info, rows: sessionWindow(s.db, info.queryId, 0, 50) ?? [] };
  };

  it('finds whole words case-insensitively in names, prompts and messages', () => {
    expect(search('refund').rows.map((r) => r.session.remoteId)).toEqual(['refund']);
    expect(search('Refund').info.total).toBe(1);
    expect(search('approved').rows.map((r) => r.session.remoteId)).toEqual(['refund']);
    expect(search('Session').info.total).toBe(5);
    expect(search('refund', { statuses: ['failed'] }).info.total).toBe(0);
  });

  it('finds substrings inside words and requires every word', () => {
    expect(search('econcil').rows.map((r) => r.session.remoteId)).toEqual(['reconcile']);
    expect(search('screpan').info.total).toBe(1);
    expect(search('ledger discrepancies').info.total).toBe(1);
    expect(search('ledger refund').info.total).toBe(0);
  });

  it('finds CJK text without word breaks', () => {
    expect(search('東京都').rows.map((r) => r.session.remoteId)).toEqual(['weather']);
    expect(search('港区は').info.total).toBe(1);
    expect(search('支店').info).toMatchObject({ total: 1, textMode: 'recent-scan', scanLimit: 10_000 });
    expect(search('京都').rows.map((r) => r.session.remoteId)).toEqual(['weather']);
  });

  it('marks where each result matched', () => {
    const [row] = search('process invoice').rows;
    expect(row?.snippet?.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['Process', 'invoice']);
    expect(row?.snippet?.map((p) => p.text).join('')).toBe('Process the REFUND for invoice 4711 Found it');
    const [named] = search('refund').rows;
    expect(named?.snippet?.slice(0, 2)).toEqual([
      { text: 'Session ', isMatch: false },
      { text: 'refund', isMatch: true },
    ]);
    const [cjk] = search('東京都').rows;
    expect(cjk?.snippet?.find((p) => p.isMatch)?.text).toBe('東京都');
    const [short] = search('47').rows;
    expect(short?.snippet?.find((p) => p.isMatch)?.text).toBe('47');
    expect(openSessionQuery(s.db, {}).textMode).toBe('none');
    const plain = openSessionQuery(s.db, {});
    expect(sessionWindow(s.db, plain.queryId, 0, 1)?.[0]?.snippet).toBeNull();
  });

  it('applies short words as substrings: on the index hits, or on recent sessions alone', () => {
    expect(search('refund 47').info).toMatchObject({ total: 1, textMode: 'index' });
    expect(search('refund 99').info.total).toBe(0);
    expect(search('47').info).toMatchObject({ total: 1, textMode: 'recent-scan' });
    expect(search('%').info.total).toBe(0);
  });

  it('treats query syntax characters as text', () => {
    expect(search('"stop"').info.total).toBe(1);
    expect(search('AND OR NOT').info.total).toBe(1);
    expect(search('stop" OR "refund').info.total).toBe(0);
    expect(search('*').info.total).toBe(0);
  });

  it('drops deleted sessions from an open query and from search', () => {
    const info = openSessionQuery(s.db, {});
    deleteSessions(s.store, [ids.osaka ?? '']);
    expect(sessionWindow(s.db, info.queryId, 0, 10)?.map((r) => r.session.remoteId)).not.toContain('osaka');
    expect(search('支店').info.total).toBe(0);
  });
});

describe('highlightWords', () => {
  it('marks every occurrence near the first one, case-insensitively', () => {
    expect(highlightWords('Refund the refund', ['refund'])).toEqual([
      { text: 'Refund', isMatch: true },
      { text: ' the ', isMatch: false },
      { text: 'refund', isMatch: true },
    ]);
    expect(highlightWords('nothing here', ['refund'])).toBeNull();
    const long = `${'x '.repeat(100)}needle${' y'.repeat(100)}`;
    const parts = highlightWords(long, ['needle']) ?? [];
    expect(parts[0]).toEqual({ text: '…', isMatch: false });
    expect(parts.at(-1)).toEqual({ text: '…', isMatch: false });
    expect(highlightWords('a.b(c)', ['.b(']) ?? []).toContainEqual({ text: '.b(', isMatch: true });
  });
});
