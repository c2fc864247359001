import { afterEach, describe, expect, it } from 'vitest';
import { storeSessionDetail } from '../../../../electron/main/db/session-detail-repo';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, type TempCore } from '../../../support/temp-core';
import { addTarget, makeDetail, makeSession } from '../../db/helpers';
import type { ChannelOutput } from '@shared/ipc/contract';

let core: TempCore | null = null;
afterEach(async () => {
  await core?.dispose();
  core = null;
});

describe('sessions:query', () => {
  it('returns the requested first rows with the opened query, the same rows a window call gives', async () => {
    core = createTempCore();
    const targetId = addTarget(core.deps.store).id;
    for (let i = 0; i < 30; i++) {
      storeSessionDetail(
        core.deps.store,
        targetId,
        makeDetail({ session: makeSession({ remoteId: `s-${i}`, startedAt: 1_750_000_000_000 + i * 1000 }) }),
      );
    }
    const opened = await dispatch(handlers, core.deps, 'sessions:query', { window: { start: 5, count: 10 } });
    if (!opened.ok) throw new Error(opened.error.message);
    const first = opened.data as ChannelOutput<'sessions:query'>;
    expect(first.total).toBe(30);
    expect(first.rows.map((row) => row.position)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const window = await dispatch(handlers, core.deps, 'sessions:window', {
      queryId: first.queryId,
      start: 5,
      count: 10,
    });
    if (!window.ok) throw new Error(window.error.message);
    expect(first.rows).toEqual((window.data as ChannelOutput<'sessions:window'>).rows);

    const bare = await dispatch(handlers, core.deps, 'sessions:query', {});
    expect(bare.ok && (bare.data as ChannelOutput<'sessions:query'>).rows).toEqual([]);
    const tooMany = await dispatch(handlers, core.deps, 'sessions:query', {
      window: { start: 0, count: 5000 },
    });
    expect(tooMany.ok ? null : tooMany.error.code).toBe('invalid-input');
  });
});
