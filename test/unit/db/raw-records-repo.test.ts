import { afterEach, describe, expect, it } from 'vitest';
import {
  getRawRecord,
  listParseErrors,
  listSessionRawRecords,
  putRawRecords,
} from '../../../electron/main/db/raw-records-repo';
import { storeSessionDetail } from '../../../electron/main/db/session-detail-repo';
import { addTarget, createTestStore, makeDetail, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

describe('raw records repository', () => {
  it('keeps records that failed validation, with the error, even without a session', () => {
    t = createTestStore();
    addTarget(t.store);
    t.changes.length = 0;
    putRawRecords(
      t.store,
      'target-1',
      null,
      [
        {
          entity: 'session',
          remoteKey: 's-bad',
          json: '{"session_id":"s-bad","status":"exploded"}',
          parseError: 'status: Invalid enum value',
        },
        { entity: 'event', remoteKey: 'run-1/7', json: '{"event":"BrandNewEvent","payload":{"x":1}}' },
      ],
      NOW,
    );
    putRawRecords(
      t.store,
      'target-1',
      null,
      [{ entity: 'run', remoteKey: 'r-bad', json: '{}', parseError: 'missing run_id' }],
      NOW + 1,
    );
    expect(getRawRecord(t.db, 'target-1', 'event', 'run-1/7')).toMatchObject({
      sessionId: null,
      json: '{"event":"BrandNewEvent","payload":{"x":1}}',
      parseError: null,
      receivedAt: NOW,
    });
    expect(listParseErrors(t.db, 'target-1').map((r) => r.remoteKey)).toEqual(['r-bad', 's-bad']);
    expect(t.changes).toEqual([['raw_records'], ['raw_records']]);
  });

  it("replaces a record sent again and keeps a session's records with it", () => {
    t = createTestStore();
    addTarget(t.store);
    putRawRecords(
      t.store,
      'target-1',
      null,
      [{ entity: 'session', remoteKey: 'remote-1', json: '{"v":1}', parseError: 'bad' }],
      NOW,
    );
    const id = storeSessionDetail(t.store, 'target-1', makeDetail(), NOW + 5);
    const record = getRawRecord(t.db, 'target-1', 'session', 'remote-1');
    expect(record).toMatchObject({
      sessionId: id,
      json: '{"session_id":"remote-1","extra":true}',
      parseError: null,
    });
    expect(listSessionRawRecords(t.db, id)).toHaveLength(1);
    expect(listParseErrors(t.db, 'target-1')).toEqual([]);
    expect(() => putRawRecords(t.store, 'nope', null, [{ entity: 'x', remoteKey: 'y', json: '{}' }])).toThrow(
      /FOREIGN KEY/,
    );
  });
});
