import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestActivity, IngestRun, IngestSession, IngestSessionDetail } from '@shared/models/ingest';
import type { Target } from '@shared/models/target';
import { openDatabase, type Db } from '../../../electron/main/db/connection';
import { migrate, type Migration } from '../../../electron/main/db/migrate';
import type { Store } from '../../../electron/main/db/store';
import { createTarget } from '../../../electron/main/db/targets-repo';

export interface TestStore {
  dir: string;
  path: string;
  db: Db;
  store: Store;
  /** Every `notifyChanged` call, in order. */
  changes: string[][];
  close(): void;
}

/** A migrated store on a real SQLite file in a fresh temp directory. */
export function createTestStore(options: { migrations?: Migration[] } = {}): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-db-test-'));
  const path = join(dir, 'tracedeck.sqlite');
  const db = openDatabase(path);
  migrate(db, options.migrations, () => 1_700_000_000_000);
  const changes: string[][] = [];
  const store: Store = { db, notifyChanged: (tables) => changes.push([...tables]) };
  return {
    dir,
    path,
    db,
    store,
    changes,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const NOW = 1_750_000_000_000;

export function addTarget(store: Store, id = 'target-1', patch: Partial<Target> = {}): Target {
  return createTarget(
    store,
    {
      id,
      name: `Target ${id}`,
      kind: 'agentos',
      location: 'local',
      baseUrl: 'http://127.0.0.1:7777',
      authMode: 'none',
      hasCredential: false,
      enabled: true,
      readOnly: false,
      ...patch,
    },
    NOW,
  );
}

export function makeSession(overrides: Partial<IngestSession> = {}): IngestSession {
  return {
    remoteId: 'remote-1',
    kind: 'agent',
    name: 'Support agent run',
    status: 'completed',
    trigger: { type: 'manual', source: 'ana@acme.dev', raw: '{"type":"manual"}' },
    actor: 'ana@acme.dev',
    project: 'checkout',
    component: { type: 'agent', id: 'support-agent', name: 'Support agent' },
    prompt: 'Find the refund policy for order 1234',
    summary: 'Found it',
    parentRemoteId: null,
    createdAt: NOW - 3000,
    queuedAt: NOW - 2000,
    startedAt: NOW - 1000,
    finishedAt: NOW,
    durationMs: 1000,
    tokens: { input: 100, output: 50, total: 150 },
    costUsd: 0.0123,
    models: ['gpt-4.1-mini'],
    services: ['postgres'],
    errorCount: 0,
    toolCallCount: 1,
    remoteUpdatedAt: NOW,
    ...overrides,
  };
}

export function makeRun(overrides: Partial<IngestRun> = {}): IngestRun {
  return {
    remoteId: 'run-1',
    parentRemoteId: null,
    kind: 'agent',
    status: 'completed',
    componentName: 'Support agent',
    input: { contentType: 'text/plain', body: 'Find the refund policy' },
    output: { contentType: 'application/json', body: '{"content":"Refunds within 30 days"}' },
    error: null,
    metrics: {
      inputTokens: 100,
      outputTokens: 50,
      totalTokens: 150,
      timeToFirstTokenMs: 320,
      durationMs: 1000,
      costUsd: 0.0123,
    },
    model: 'gpt-4.1-mini',
    provider: 'openai',
    createdAt: NOW - 2000,
    startedAt: NOW - 1000,
    finishedAt: NOW,
    ...overrides,
  };
}

export function makeActivity(overrides: Partial<IngestActivity> = {}): IngestActivity {
  return {
    runRemoteId: 'run-1',
    kind: 'message',
    at: NOW - 900,
    role: 'user',
    title: null,
    text: 'Hello',
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: 'RunStarted',
    ...overrides,
  };
}

export function makeDetail(overrides: Partial<IngestSessionDetail> = {}): IngestSessionDetail {
  return {
    session: makeSession(),
    runs: [makeRun()],
    activity: [
      makeActivity(),
      makeActivity({
        kind: 'tool-call',
        role: null,
        text: null,
        sourceType: 'ToolCallCompleted',
        tool: {
          callId: 'call_1',
          name: 'lookup_order',
          args: { contentType: 'application/json', body: '{"order":1234}' },
          result: { contentType: 'application/json', body: '{"status":"shipped"}' },
          state: 'succeeded',
          errorCategory: null,
          errorMessage: null,
          retryCount: 0,
          durationMs: 42,
        },
      }),
      makeActivity({
        role: 'assistant',
        text: 'Refunds are possible within 30 days.',
        sourceType: 'RunCompleted',
      }),
    ],
    spans: [],
    raw: [{ entity: 'session', remoteId: 'remote-1', json: '{"session_id":"remote-1","extra":true}' }],
    ...overrides,
  };
}

/** mulberry32: a small seeded PRNG, so random test data is the same on every run. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
