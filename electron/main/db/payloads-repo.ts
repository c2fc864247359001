import type { Payload, PayloadRef } from '@shared/models/payload';
import type { Db } from './connection';
import { cut, PAYLOAD_PREVIEW_CHARS } from './limits';
import { prepared, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

/*
 * Bodies are referenced from hot rows (runs, activity items) by content type, byte size and a
 * preview of at most 2,000 characters. A body that fits its preview is stored only there; its
 * ref id names the hot row (`r12.output`, `a34.args`). A longer body gets a `payloads` row and
 * its ref id is that row's id (`56`). Other stored bodies (full prompts, big span attributes,
 * user files) always have a `payloads` row.
 */

/**
 * Who a payload row belongs to. `detail` rows (long run inputs, tool results…) are replaced
 * with their session's detail; `session` ones (full prompt and summary) with the session row;
 * `standalone` ones go only when deleted or when their session is.
 */
export type PayloadOwner = 'session' | 'detail' | 'standalone';

/** A body to store as a `payloads` row; `sessionId` null for one not tied to a session. */
export interface NewPayload {
  sessionId: number | null;
  owner: PayloadOwner;
  contentType: string;
  body: string | Uint8Array;
}

/** A body as a hot row stores it; `payloadId` is set when the preview is not the whole body. */
export interface StoredBody {
  contentType: string;
  byteSize: number;
  preview: string;
  payloadId: number | null;
}

function measure(body: string | Uint8Array): { byteSize: number; preview: string; isComplete: boolean } {
  if (typeof body === 'string') {
    const preview = cut(body, PAYLOAD_PREVIEW_CHARS);
    return { byteSize: Buffer.byteLength(body, 'utf8'), preview, isComplete: preview.length === body.length };
  }
  return { byteSize: body.byteLength, preview: '', isComplete: body.byteLength === 0 };
}

function insertRow(db: Db, payload: NewPayload, byteSize: number, preview: string, now: number): number {
  const { body } = payload;
  const isText = typeof body === 'string';
  const result = prepared(
    db,
    `insert into payloads (session_id, owner, content_type, byte_size, preview, created_at, body_text, body_blob)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    payload.sessionId,
    payload.owner,
    payload.contentType,
    byteSize,
    preview,
    now,
    isText ? body : null,
    isText ? null : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  );
  return Number(result.lastInsertRowid);
}

/** Inserts a `payloads` row inside the caller's transaction and returns its ref. */
export function insertPayload(db: Db, payload: NewPayload, now: number): PayloadRef {
  const { byteSize, preview, isComplete } = measure(payload.body);
  const id = insertRow(db, payload, byteSize, preview, now);
  return { id: String(id), contentType: payload.contentType, byteSize, preview, isComplete };
}

/**
 * Prepares a body for a hot row inside the caller's transaction: only a body longer than its
 * preview is written, as a `detail` payload row of `sessionId`.
 */
export function storeBody(
  db: Db,
  sessionId: number,
  body: { contentType: string; body: string } | null,
  now: number,
): StoredBody | null {
  if (body === null) return null;
  const { byteSize, preview, isComplete } = measure(body.body);
  const payloadId = isComplete
    ? null
    : insertRow(
        db,
        { sessionId, owner: 'detail', contentType: body.contentType, body: body.body },
        byteSize,
        preview,
        now,
      );
  return { contentType: body.contentType, byteSize, preview, payloadId };
}

/** The four columns of a hot-row body named `prefix` on `alias`, for `bodyRefFrom`. */
export function bodyColumns(alias: string, prefix: string): string {
  return `${alias}.${prefix}_type, ${alias}.${prefix}_size, ${alias}.${prefix}_preview, ${alias}.${prefix}_payload_id`;
}

/** The ref of a hot-row body selected with `bodyColumns`; `inlineId` names it when inline. */
export function bodyRefFrom(
  row: Record<string, unknown>,
  prefix: string,
  inlineId: string,
): PayloadRef | null {
  const contentType = row[`${prefix}_type`];
  if (typeof contentType !== 'string') return null;
  const payloadId = row[`${prefix}_payload_id`];
  return {
    id: typeof payloadId === 'number' ? String(payloadId) : inlineId,
    contentType,
    byteSize: row[`${prefix}_size`] as number,
    preview: row[`${prefix}_preview`] as string,
    isComplete: payloadId === null || payloadId === undefined,
  };
}

/** Columns of a `payloads` row joined as `alias`, for `payloadRefFrom`. */
export function payloadRefColumns(alias: string): string {
  return (
    `${alias}.id as ${alias}_id, ${alias}.content_type as ${alias}_type, ` +
    `${alias}.byte_size as ${alias}_size, ${alias}.preview as ${alias}_preview`
  );
}

/** The ref of a payload row joined with `payloadRefColumns(alias)`; null when none joined. */
export function payloadRefFrom(row: Record<string, unknown>, alias: string): PayloadRef | null {
  const id = row[`${alias}_id`];
  if (id === null || id === undefined) return null;
  const preview = row[`${alias}_preview`] as string;
  const byteSize = row[`${alias}_size`] as number;
  return {
    id: String(id),
    contentType: row[`${alias}_type`] as string,
    byteSize,
    preview,
    isComplete: Buffer.byteLength(preview, 'utf8') === byteSize,
  };
}

/**
 * Stores a body outside any session detail (an export, a user attachment) and returns its ref.
 * With a `sessionId` it is deleted with that session, otherwise only by `deletePayload`.
 * Throws a foreign-key error if `sessionId` names no session.
 */
export function putPayload(
  store: Store,
  input: { sessionId: string | null; contentType: string; body: string | Uint8Array },
  now: number = Date.now(),
): PayloadRef {
  const sessionId = input.sessionId === null ? null : (toRowId(input.sessionId) ?? -1);
  return transact(store, () => {
    const ref = insertPayload(
      store.db,
      { sessionId, owner: 'standalone', contentType: input.contentType, body: input.body },
      now,
    );
    markChanged(store, ['payloads']);
    return ref;
  });
}

const INLINE_ID = /^([ar])([1-9]\d{0,15})\.(input|output|error|args|result)$/;
const INLINE_COLUMNS: Record<string, string> = {
  'r.input': 'input',
  'r.output': 'output',
  'r.error': 'error',
  'a.args': 'tool_args',
  'a.result': 'tool_result',
};

interface Located {
  contentType: string;
  byteSize: number;
  preview: string;
  bodyText: string | null;
  bodyBlob: Buffer | null;
  isComplete: boolean;
}

function locate(db: Db, id: string, withBody: boolean): Located | null {
  const inline = INLINE_ID.exec(id);
  if (inline) {
    const [, table, rowId, field] = inline;
    const prefix = INLINE_COLUMNS[`${table}.${field}`];
    if (!prefix || !rowId) return null;
    const row = prepared<{ t: string | null; s: number; p: string; pid: number | null }>(
      db,
      `select ${prefix}_type as t, ${prefix}_size as s, ${prefix}_preview as p, ${prefix}_payload_id as pid
       from ${table === 'r' ? 'runs' : 'activity_items'} where id = ?`,
    ).get(Number(rowId));
    if (!row || row.t === null) return null;
    // A body that outgrew its preview is found by its payload id, not by this name.
    if (row.pid !== null) return locate(db, String(row.pid), withBody);
    return {
      contentType: row.t,
      byteSize: row.s,
      preview: row.p,
      bodyText: row.p,
      bodyBlob: null,
      isComplete: true,
    };
  }
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const row = prepared<{
    content_type: string;
    byte_size: number;
    preview: string;
    body_text: string | null;
    body_blob: Buffer | null;
  }>(
    db,
    withBody
      ? 'select content_type, byte_size, preview, body_text, body_blob from payloads where id = ?'
      : 'select content_type, byte_size, preview, null as body_text, null as body_blob from payloads where id = ?',
  ).get(rowId);
  if (!row) return null;
  return {
    contentType: row.content_type,
    byteSize: row.byte_size,
    preview: row.preview,
    bodyText: row.body_text,
    bodyBlob: row.body_blob,
    isComplete: Buffer.byteLength(row.preview, 'utf8') === row.byte_size,
  };
}

/** A payload's metadata and preview, without its body; null when there is no such payload. */
export function getPayloadRef(db: Db, id: string): PayloadRef | null {
  const found = locate(db, id, false);
  return found
    ? {
        id,
        contentType: found.contentType,
        byteSize: found.byteSize,
        preview: found.preview,
        isComplete: found.isComplete,
      }
    : null;
}

/**
 * A payload with its whole body: text as is (`utf8`), bytes as base64. Null when there is no
 * such payload. Reads the whole body into memory (bodies are at most tens of MB).
 */
export function getPayload(db: Db, id: string): Payload | null {
  const found = locate(db, id, true);
  if (!found) return null;
  const ref = {
    id,
    contentType: found.contentType,
    byteSize: found.byteSize,
    preview: found.preview,
    isComplete: found.isComplete,
  };
  if (found.bodyBlob !== null) return { ...ref, body: found.bodyBlob.toString('base64'), encoding: 'base64' };
  return { ...ref, body: found.bodyText ?? found.preview, encoding: 'utf8' };
}

/** A payload's body as bytes (text as UTF-8), e.g. to save it to a file; null when absent. */
export function getPayloadBytes(db: Db, id: string): Uint8Array | null {
  const found = locate(db, id, true);
  if (!found) return null;
  if (found.bodyBlob !== null) return new Uint8Array(found.bodyBlob);
  return new Uint8Array(Buffer.from(found.bodyText ?? found.preview, 'utf8'));
}

/**
 * Deletes a payload row (one made by `putPayload`, or any long body). Returns false when `id`
 * names no payload row; bodies kept inline in a hot row go only with that row.
 */
export function deletePayload(store: Store, id: string): boolean {
  const rowId = toRowId(id);
  if (rowId === null) return false;
  return transact(store, () => {
    const changes = prepared(store.db, 'delete from payloads where id = ?').run(rowId).changes;
    if (changes > 0) markChanged(store, ['payloads']);
    return changes > 0;
  });
}
