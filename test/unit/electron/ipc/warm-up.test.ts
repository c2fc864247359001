import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { warmUp } from '../../../../electron/main/ipc/warm-up';
import { createTempCore, type TempCore } from '../../../support/temp-core';

let core: TempCore | null = null;
afterEach(async () => {
  await core?.dispose();
  core = null;
});

async function call(channel: string, input: unknown): Promise<unknown> {
  if (!core) throw new Error('no core');
  const result = await dispatch(handlers, core.deps, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.data;
}

describe('warming the core up at launch', () => {
  it('answers the launch calls on an empty store', async () => {
    core = createTempCore();
    await expect(warmUp(handlers, core.deps)).resolves.toBeUndefined();
  });

  it('leaves no list query open behind it', async () => {
    core = createTempCore();
    await call('demo:load', {});
    await warmUp(handlers, core.deps);
    // Query ids count up per connection: the one before ours was the warm-up's, now closed.
    const { queryId, total } = (await call('sessions:query', {})) as { queryId: number; total: number };
    expect(total).toBeGreaterThan(0);
    expect(await call('sessions:window', { queryId, start: 0, count: 5 })).toMatchObject({ isStale: false });
    expect(await call('sessions:window', { queryId: queryId - 1, start: 0, count: 5 })).toEqual({
      rows: [],
      isStale: true,
    });
  });
});
