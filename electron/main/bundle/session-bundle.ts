import { createHash } from 'node:crypto';
import type { ActivityItem } from '@shared/models/activity';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  SessionBundle,
  type BundleActivity,
  type BundleRun,
} from '@shared/models/bundle';
import type { IngestPayload, IngestSessionDetail } from '@shared/models/ingest';
import type { PayloadRef } from '@shared/models/payload';
import type { Db } from '../db/connection';
import { getPayload } from '../db/payloads-repo';
import { listSessionRawRecords } from '../db/raw-records-repo';
import { activityWindow, getSessionDetail, storeSessionDetail } from '../db/session-detail-repo';
import { getSession, setSessionNotes, setSessionTags } from '../db/sessions-repo';
import { spanWindow, type SpanCursor } from '../db/spans-repo';
import { transact, type Store } from '../db/store';
import { createTarget, getTarget } from '../db/targets-repo';

/** Thrown for a file that is not a Tracedeck session bundle; the message says what is wrong. */
export class BundleError extends Error {}

const ACTIVITY_PAGE = 5000;
const SPAN_PAGE = 10_000;
/** Raw records kept per session are bounded by what a source sends; this only stops runaways. */
const MAX_RAW_RECORDS = 1_000_000;

function bodyOf(db: Db, ref: PayloadRef | null): IngestPayload | null {
  if (ref === null) return null;
  if (ref.isComplete) return { contentType: ref.contentType, body: ref.preview };
  const payload = getPayload(db, ref.id);
  return { contentType: ref.contentType, body: payload?.body ?? ref.preview };
}

function allActivity(db: Db, sessionId: string): ActivityItem[] {
  const items: ActivityItem[] = [];
  for (let from = 0; ;) {
    const page = activityWindow(db, sessionId, from, ACTIVITY_PAGE);
    items.push(...page);
    const last = page.at(-1);
    if (!last || page.length < ACTIVITY_PAGE) return items;
    from = last.seq + 1;
  }
}

/**
 * Everything the store holds about a session, bodies inline, as a bundle another Tracedeck can
 * import. Null when there is no such session.
 */
export function exportSessionBundle(
  db: Db,
  sessionId: string,
  appVersion: string,
  now: number,
): SessionBundle | null {
  const detail = getSessionDetail(db, sessionId, { activityLimit: 1 });
  if (!detail) return null;
  const { session } = detail;
  const target = getTarget(db, session.targetId);
  const runRemoteIds = new Map(detail.runs.map((run) => [run.id, run.remoteId]));
  const remoteRunOf = (runId: string | null) => (runId === null ? null : (runRemoteIds.get(runId) ?? null));

  const runs: BundleRun[] = detail.runs.map((run) => ({
    remoteId: run.remoteId,
    parentRemoteId: remoteRunOf(run.parentRunId),
    kind: run.kind,
    status: run.status,
    componentName: run.componentName,
    input: bodyOf(db, run.input),
    output: bodyOf(db, run.output),
    error: bodyOf(db, run.error),
    metrics: run.metrics,
    model: run.model,
    provider: run.provider,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  }));

  const activity: BundleActivity[] = allActivity(db, sessionId).map((item) => ({
    runRemoteId: remoteRunOf(item.runId),
    kind: item.kind,
    at: item.at,
    role: item.role,
    title: item.title,
    text: item.text,
    body: bodyOf(db, item.body),
    tool: item.tool && {
      ...item.tool,
      args: bodyOf(db, item.tool.args),
      result: bodyOf(db, item.tool.result),
    },
    control: item.control,
    link: item.link && {
      relation: item.link.relation,
      sessionRemoteId: item.link.sessionRemoteId,
      runRemoteId: item.link.runRemoteId,
      name: item.link.name,
    },
    sourceType: item.sourceType,
  }));

  const spans: SessionBundle['spans'] = [];
  for (let after: SpanCursor | null = null; ;) {
    const page = spanWindow(db, sessionId, { after, limit: SPAN_PAGE });
    for (const span of page.spans) {
      const { sessionId: _owner, ...rest } = span;
      spans.push(rest);
    }
    if (!page.next) break;
    after = page.next;
  }

  const parent = session.parentSessionId === null ? null : getSession(db, session.parentSessionId);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: now,
    exportedBy: `Tracedeck ${appVersion}`,
    origin: {
      targetName: target?.name ?? session.targetId,
      targetKind: target?.kind ?? 'agentos',
      location: target?.location ?? 'local',
      baseUrl: target?.baseUrl ?? '',
    },
    session: {
      remoteId: session.remoteId,
      kind: session.kind,
      name: session.name,
      status: session.status,
      trigger: session.trigger,
      actor: session.actor,
      project: session.project,
      component: session.component,
      prompt: bodyOf(db, detail.promptBody)?.body ?? session.prompt,
      summary: bodyOf(db, detail.summaryBody)?.body ?? session.summary,
      parentRemoteId: parent?.remoteId ?? null,
      createdAt: session.createdAt,
      queuedAt: session.queuedAt,
      startedAt: session.startedAt,
      finishedAt: session.finishedAt,
      durationMs: session.durationMs,
      tokens: session.tokens,
      costUsd: session.costUsd,
      models: session.models,
      services: session.services,
      errorCount: session.errorCount,
      toolCallCount: session.toolCallCount,
      remoteUpdatedAt: session.remoteUpdatedAt,
      tags: session.tags,
      notes: session.notes,
    },
    runs,
    activity,
    spans,
    raw: listSessionRawRecords(db, sessionId, MAX_RAW_RECORDS).map((record) => ({
      entity: record.entity,
      remoteId: record.remoteKey,
      json: record.json,
      parseError: record.parseError,
    })),
  };
}

/** A file name for a bundle: the session's name or remote id, made safe for every OS. */
export function bundleFileName(bundle: SessionBundle): string {
  const base = (bundle.session.name ?? bundle.session.remoteId)
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'session'}.tracedeck.json`;
}

/** Parses and validates a bundle file's text; throws `BundleError` saying what is wrong. */
export function parseSessionBundle(text: string): SessionBundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`The file is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new BundleError('The file is not a Tracedeck session bundle');
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new BundleError(`The bundle was made by a newer Tracedeck (format version ${version})`);
  }
  const parsed = SessionBundle.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleError(
      `The bundle is damaged: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Imported sessions live under one disabled, read-only target per origin, so they never sync. */
function importTargetId(bundle: SessionBundle): string {
  const { targetKind, baseUrl, targetName } = bundle.origin;
  const digest = createHash('sha256').update(`${targetKind}\n${baseUrl}\n${targetName}`).digest('hex');
  return `imported-${digest.slice(0, 16)}`;
}

/**
 * Stores a bundle's session under its origin's import target (created on first use), in one
 * transaction. Importing the same bundle again refreshes that session. Returns its local id.
 */
export function importSessionBundle(
  store: Store,
  bundle: SessionBundle,
  now: number,
): { sessionId: string; targetId: string } {
  const targetId = importTargetId(bundle);
  const { tags, notes, ...session } = bundle.session;
  const detail: IngestSessionDetail = {
    session,
    runs: bundle.runs,
    activity: bundle.activity,
    spans: bundle.spans.map((span) => ({
      ...span,
      startNs: BigInt(span.startNs),
      endNs: span.endNs === null ? null : BigInt(span.endNs),
      events: span.events.map((event) => ({ ...event, timeNs: BigInt(event.timeNs) })),
    })),
    raw: bundle.raw.map((record) => ({ ...record, parseError: record.parseError ?? undefined })),
  };
  return transact(store, () => {
    if (!getTarget(store.db, targetId)) {
      createTarget(
        store,
        {
          id: targetId,
          name: `Imported · ${bundle.origin.targetName}`,
          kind: bundle.origin.targetKind,
          location: bundle.origin.location,
          // Kept for reference only: the target is disabled and read-only, so never contacted.
          baseUrl: bundle.origin.baseUrl || 'http://imported.localhost',
          authMode: 'none',
          hasCredential: false,
          enabled: false,
          readOnly: true,
        },
        now,
      );
    }
    const sessionId = storeSessionDetail(store, targetId, detail, now);
    setSessionTags(store, sessionId, tags);
    setSessionNotes(store, sessionId, notes);
    return { sessionId, targetId };
  });
}
