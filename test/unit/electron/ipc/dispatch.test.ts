import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IpcError } from '@shared/ipc/errors';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { handlers, type Handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, type TempCore } from '../../../support/temp-core';

let core: TempCore;
beforeEach(() => (core = createTempCore()));
afterEach(() => core.dispose());

describe('dispatch', () => {
  it('returns the handler output in an ok envelope', async () => {
    const result = await dispatch(handlers, core.deps, 'app:info', {});
    expect(result).toMatchObject({ ok: true, data: { name: 'Tracedeck', dataDir: core.dataDir } });
  });

  it('lists each invalid field in the error', async () => {
    const result = await dispatch(handlers, core.deps, 'app:info', { bogus: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.message).toContain('app:info');
    expect(result.error.issues?.length).toBeGreaterThan(0);
  });

  it('keeps the code of an IpcError thrown by a handler', async () => {
    const failing: Handlers = {
      ...handlers,
      'app:info': () => {
        throw new IpcError('not-found', 'gone');
      },
    };
    expect(await dispatch(failing, core.deps, 'app:info', {})).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'gone' },
    });
  });

  it('turns an unexpected exception into an internal error without throwing', async () => {
    const failing: Handlers = {
      ...handlers,
      'app:info': () => {
        throw new TypeError('boom');
      },
    };
    const result = await dispatch(failing, core.deps, 'app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
