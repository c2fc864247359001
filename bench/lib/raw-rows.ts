import type { IngestPayload, IngestSessionDetail } from '@shared/models/ingest';
import { stringifyJson } from '../../electron/main/db/json';
import { cut, EXCERPT_CHARS, PAYLOAD_PREVIEW_CHARS } from '../../electron/main/db/limits';
import {
  activityDocument,
  activityPiece,
  promptDocument,
  titleDocument,
} from '../../electron/main/db/search-docs';
import { sortAtOf } from '../../electron/main/db/sessions-repo';

/*
 * The rows the store writes for a session, as plain value arrays, for the benchmark's raw
 * insert baseline. Mirrors what the repositories store (excerpts, previews, payload rows,
 * search documents) so both paths write the same rows; ids are assigned here.
 */

export interface RawRows {
  sessions: unknown[][];
  runs: unknown[][];
  activity: unknown[][];
  spans: unknown[][];
  payloads: unknown[][];
  raw: unknown[][];
  search: unknown[][];
}

export function emptyRows(): RawRows {
  return { sessions: [], runs: [], activity: [], spans: [], payloads: [], raw: [], search: [] };
}

type Body = [string | null, number | null, string | null, number | null];
const NO_BODY: Body = [null, null, null, null];

export function rowCount(rows: RawRows): number {
  return Object.values(rows).reduce((sum, list: unknown[][]) => sum + list.length, 0);
}

export class RowFlattener {
  private sessionId = 0;
  private payloadId = 0;
  private runId = 0;
  private activityId = 0;
  private spanId = 0;
  private rawId = 0;

  constructor(private readonly now: number) {}

  private payloadRow(rows: RawRows, sessionId: number, p: IngestPayload, preview: string): number {
    const id = ++this.payloadId;
    rows.payloads.push([
      id,
      sessionId,
      'detail',
      p.contentType,
      Buffer.byteLength(p.body),
      preview,
      this.now,
      p.body,
      null,
    ]);
    return id;
  }

  private body(rows: RawRows, sessionId: number, p: IngestPayload | null): Body {
    if (p === null) return NO_BODY;
    const preview = cut(p.body, PAYLOAD_PREVIEW_CHARS);
    const payloadId = preview.length === p.body.length ? null : this.payloadRow(rows, sessionId, p, preview);
    return [p.contentType, Buffer.byteLength(p.body), preview, payloadId];
  }

  add(rows: RawRows, targetId: string, detail: IngestSessionDetail): void {
    const s = detail.session;
    const id = ++this.sessionId;
    const prompt = s.prompt === null ? null : cut(s.prompt, EXCERPT_CHARS);
    const summary = s.summary === null ? null : cut(s.summary, EXCERPT_CHARS);
    rows.sessions.push([
      id,
      targetId,
      s.remoteId,
      s.kind,
      s.name,
      s.status,
      s.trigger.type,
      s.trigger.source,
      s.trigger.raw,
      s.actor,
      s.project,
      s.component.type,
      s.component.id,
      s.component.name,
      prompt,
      null,
      summary,
      null,
      s.parentRemoteId,
      s.createdAt,
      s.queuedAt,
      s.startedAt,
      s.finishedAt,
      sortAtOf(s),
      s.durationMs,
      s.tokens.input,
      s.tokens.output,
      s.tokens.total,
      s.costUsd,
      JSON.stringify(s.models),
      JSON.stringify(s.services),
      s.errorCount,
      s.toolCallCount,
      s.remoteUpdatedAt,
      this.now,
    ]);
    const runIds = new Map<string, number>();
    const runErrors: string[] = [];
    detail.runs.forEach((r, seq) => {
      const runId = ++this.runId;
      runIds.set(r.remoteId, runId);
      const input = this.body(rows, id, r.input);
      const output = this.body(rows, id, r.output);
      const error = this.body(rows, id, r.error);
      if (error[2] !== null) runErrors.push(error[2]);
      const m = r.metrics;
      rows.runs.push([
        runId,
        id,
        seq,
        r.remoteId,
        r.parentRemoteId,
        r.kind,
        r.status,
        r.componentName,
        ...input,
        ...output,
        ...error,
        m.inputTokens,
        m.outputTokens,
        m.totalTokens,
        m.timeToFirstTokenMs,
        m.durationMs,
        m.costUsd,
        r.model,
        r.provider,
        r.createdAt,
        r.startedAt,
        r.finishedAt,
      ]);
    });
    const pieces: string[] = [];
    detail.activity.forEach((a, seq) => {
      const text = a.text === null ? null : cut(a.text, EXCERPT_CHARS);
      const body =
        a.body ?? (a.text !== null && text !== a.text ? { contentType: 'text/plain', body: a.text } : null);
      const bodyId =
        body === null ? null : this.payloadRow(rows, id, body, cut(body.body, PAYLOAD_PREVIEW_CHARS));
      const args = a.tool ? this.body(rows, id, a.tool.args) : NO_BODY;
      const result = a.tool ? this.body(rows, id, a.tool.result) : NO_BODY;
      const errorMessage = a.tool?.errorMessage == null ? null : cut(a.tool.errorMessage, EXCERPT_CHARS);
      rows.activity.push([
        ++this.activityId,
        id,
        seq,
        a.runRemoteId === null ? null : (runIds.get(a.runRemoteId) ?? null),
        a.kind,
        a.at,
        a.role,
        a.title,
        text,
        bodyId,
        a.tool?.callId ?? null,
        a.tool?.name ?? null,
        ...args,
        ...result,
        a.tool?.state ?? null,
        a.tool?.errorCategory ?? null,
        errorMessage,
        a.tool?.retryCount ?? null,
        a.tool?.durationMs ?? null,
        a.control?.action ?? null,
        a.control?.phase ?? null,
        a.control?.by ?? null,
        a.control?.detail ?? null,
        a.link?.relation ?? null,
        a.link?.sessionRemoteId ?? null,
        a.link?.runRemoteId ?? null,
        a.link?.name ?? null,
        a.sourceType,
      ]);
      pieces.push(
        activityPiece({
          title: a.title,
          text: text === prompt ? null : text,
          toolName: a.tool?.name ?? null,
          argsPreview: args[2],
          resultPreview: result[2],
          errorMessage,
        }),
      );
    });
    for (const span of detail.spans) {
      rows.spans.push([
        ++this.spanId,
        id,
        span.traceId,
        span.spanId,
        span.parentSpanId,
        span.name,
        span.kind,
        span.startNs,
        span.endNs,
        span.status,
        span.statusMessage,
        stringifyJson(span.attributes),
        stringifyJson(span.events),
        null,
      ]);
    }
    for (const raw of detail.raw) {
      rows.raw.push([
        ++this.rawId,
        targetId,
        id,
        raw.entity,
        raw.remoteId,
        raw.json,
        raw.parseError ?? null,
        this.now,
      ]);
    }
    rows.search.push([
      id,
      titleDocument({
        name: s.name,
        componentName: s.component.name,
        componentId: s.component.id,
        actor: s.actor,
        project: s.project,
        triggerSource: s.trigger.source,
      }),
      promptDocument(prompt, summary),
      activityDocument(pieces, runErrors),
    ]);
  }
}
