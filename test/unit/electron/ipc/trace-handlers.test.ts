import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '@shared/ipc/contract';
import { storeSessionDetail } from '../../../../electron/main/db/session-detail-repo';
import { setSetting } from '../../../../electron/main/db/settings-repo';
import { upsertSpans } from '../../../../electron/main/db/spans-repo';
import { createTarget } from '../../../../electron/main/db/targets-repo';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, type TempCore } from '../../../support/temp-core';
import { makeTraceSpans, spanIdOf } from '../../../support/trace-spans';
import { makeDetail, NOW } from '../../db/helpers';

let core: TempCore;
let sessionId: string;

beforeEach(() => {
  core = createTempCore();
  createTarget(
    core.deps.store,
    {
      id: 'target-1',
      name: 'Agents',
      kind: 'agentos',
      location: 'local',
      baseUrl: 'http://127.0.0.1:9',
      authMode: 'none',
      hasCredential: false,
      enabled: false,
      readOnly: false,
    },
    NOW,
  );
  sessionId = storeSessionDetail(
    core.deps.store,
    'target-1',
    makeDetail({ spans: makeTraceSpans(300) }),
    NOW,
  );
});
afterEach(() => core.dispose());

const call = (channel: keyof typeof CHANNELS, input: unknown) =>
  dispatch(handlers, core.deps, channel, input);

describe('trace channels', () => {
  it('serve the outline, one span, search matches and raw pages, each matching the contract', async () => {
    const outline = await call('sessions:trace', { id: sessionId });
    if (!outline.ok) throw new Error(outline.error.message);
    const data = CHANNELS['sessions:trace'].output.parse(outline.data);
    expect(data.count).toBe(300);

    const rowId = data.rowIds[data.spanIds.indexOf(spanIdOf(9))]!;
    const span = await call('sessions:span', { id: sessionId, rowId });
    expect(span).toMatchObject({ ok: true, data: { spanId: spanIdOf(9), attributes: { 'span.index': 9 } } });

    const search = await call('sessions:trace-search', { id: sessionId, text: 'question 10' });
    if (!search.ok) throw new Error(search.error.message);
    const found = CHANNELS['sessions:trace-search'].output.parse(search.data).rowIds;
    // Chat spans (every 5th) log "Question <index>": 10, 100 and 105 start with "Question 10".
    expect(new Set(found.map((r) => data.spanIds[data.rowIds.indexOf(r)]))).toEqual(
      new Set([spanIdOf(10), spanIdOf(100), spanIdOf(105)]),
    );

    const first = await call('sessions:spans', { id: sessionId, limit: 250 });
    if (!first.ok) throw new Error(first.error.message);
    const page = CHANNELS['sessions:spans'].output.parse(first.data);
    expect(page.spans).toHaveLength(250);
    const rest = await call('sessions:spans', { id: sessionId, after: page.next!, limit: 250 });
    expect(rest).toMatchObject({ ok: true, data: { next: null } });
    if (rest.ok) expect((rest.data as typeof page).spans).toHaveLength(50);
  });

  it('keeps the last outline until spans or sessions are written', async () => {
    const data = async () => {
      const result = await call('sessions:trace', { id: sessionId });
      if (!result.ok) throw new Error(result.error.message);
      return result.data as { count: number; spanIds: string[] };
    };
    const first = await data();
    expect(await data()).toBe(first);
    setSetting(core.deps.store, 'trace.test', true);
    expect(await data()).toBe(first);

    upsertSpans(core.deps.store, sessionId, makeTraceSpans(301).slice(300));
    const after = await data();
    expect(after.count).toBe(301);
    expect(after.spanIds).toContain(spanIdOf(300));
  });

  it('answers not-found for unknown sessions and spans of another session', async () => {
    expect(await call('sessions:trace', { id: '999' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const other = storeSessionDetail(
      core.deps.store,
      'target-1',
      makeDetail({ session: { ...makeDetail().session, remoteId: 'r2' } }),
      NOW,
    );
    const outline = await call('sessions:trace', { id: sessionId });
    const rowId = outline.ok ? (outline.data as { rowIds: number[] }).rowIds[0] : 0;
    expect(await call('sessions:span', { id: other, rowId })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('rejects inputs outside their bounds before any handler runs', async () => {
    const invalid = [
      ['sessions:trace', {}],
      ['sessions:trace', { id: sessionId, extra: true }],
      ['sessions:span', { id: sessionId, rowId: 0 }],
      ['sessions:span', { id: sessionId, rowId: 1.5 }],
      ['sessions:trace-search', { id: sessionId, text: '' }],
      ['sessions:trace-search', { id: sessionId, text: 'x'.repeat(201) }],
      ['sessions:spans', { id: sessionId, limit: 501 }],
      ['sessions:spans', { id: sessionId, after: { startNs: '1'.repeat(20), key: '1' } }],
      ['sessions:spans', { id: sessionId, after: { startNs: '9300000000000000000', key: '1' } }],
      ['sessions:spans', { id: sessionId, after: { startNs: '12', key: 'x' } }],
    ] as const;
    for (const [channel, input] of invalid) {
      expect(await call(channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
  });
});
