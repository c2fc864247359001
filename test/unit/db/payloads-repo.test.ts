import { afterEach, describe, expect, it } from 'vitest';
import { PAYLOAD_PREVIEW_CHARS } from '../../../electron/main/db/limits';
import {
  deletePayload,
  getPayload,
  getPayloadBytes,
  getPayloadRef,
  putPayload,
} from '../../../electron/main/db/payloads-repo';
import { deleteSession, upsertSessions } from '../../../electron/main/db/sessions-repo';
import { addTarget, createTestStore, makeSession, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

describe('payloads repository', () => {
  it('stores text bodies with their size and preview and returns them whole', () => {
    t = createTestStore();
    const small = putPayload(t.store, { sessionId: null, contentType: 'text/plain', body: 'héllo' }, NOW);
    expect(small).toMatchObject({
      contentType: 'text/plain',
      byteSize: 6,
      preview: 'héllo',
      isComplete: true,
    });
    expect(getPayload(t.db, small.id)).toEqual({ ...small, body: 'héllo', encoding: 'utf8' });

    const big = 'ab'.repeat(PAYLOAD_PREVIEW_CHARS);
    const ref = putPayload(t.store, { sessionId: null, contentType: 'application/json', body: big }, NOW);
    expect(ref).toMatchObject({ byteSize: big.length, isComplete: false });
    expect(ref.preview).toBe(big.slice(0, PAYLOAD_PREVIEW_CHARS));
    expect(getPayloadRef(t.db, ref.id)).toEqual(ref);
    expect(getPayload(t.db, ref.id)?.body).toBe(big);
    expect(Buffer.from(getPayloadBytes(t.db, ref.id) ?? []).toString('utf8')).toBe(big);
    expect(t.changes).toEqual([['payloads'], ['payloads']]);
  });

  it('stores bytes as a BLOB and hands them out as base64', () => {
    t = createTestStore();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const ref = putPayload(t.store, { sessionId: null, contentType: 'image/png', body: bytes }, NOW);
    expect(ref).toMatchObject({ byteSize: 5, preview: '', isComplete: false });
    expect(getPayload(t.db, ref.id)).toMatchObject({ body: 'AAEC+v8=', encoding: 'base64' });
    expect([...(getPayloadBytes(t.db, ref.id) ?? [])]).toEqual([0, 1, 2, 250, 255]);
  });

  it('does not cut a preview inside a surrogate pair', () => {
    t = createTestStore();
    const body = `${'a'.repeat(PAYLOAD_PREVIEW_CHARS - 1)}😀tail`;
    const ref = putPayload(t.store, { sessionId: null, contentType: 'text/plain', body }, NOW);
    expect(ref.preview).toBe('a'.repeat(PAYLOAD_PREVIEW_CHARS - 1));
  });

  it('deletes payloads on request and with their session', () => {
    t = createTestStore();
    addTarget(t.store);
    const [sessionId = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
    const owned = putPayload(t.store, { sessionId, contentType: 'text/plain', body: 'attached' }, NOW);
    const loose = putPayload(t.store, { sessionId: null, contentType: 'text/plain', body: 'loose' }, NOW);
    expect(deletePayload(t.store, loose.id)).toBe(true);
    expect(deletePayload(t.store, loose.id)).toBe(false);
    expect(getPayload(t.db, loose.id)).toBeNull();
    expect(deleteSession(t.store, sessionId)).toBe(true);
    expect(getPayload(t.db, owned.id)).toBeNull();
    expect(() => putPayload(t.store, { sessionId: '999', contentType: 'text/plain', body: 'x' })).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('finds nothing for unknown or malformed ids', () => {
    t = createTestStore();
    for (const id of ['1', 'abc', 'r1.input', 'a99.args', 'x1.args', 'r1.nope', '']) {
      expect(getPayload(t.db, id), id).toBeNull();
      expect(getPayloadRef(t.db, id), id).toBeNull();
      expect(getPayloadBytes(t.db, id), id).toBeNull();
    }
  });
});
