import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { putPayload } from '../../../../electron/main/db/payloads-repo';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, type TempCore } from '../../../support/temp-core';

// There is no desktop on this machine to open files with, so the core's `openPath` is the one
// mocked dependency: a recorder that can also be told to fail like a missing opener. Everything
// else (dispatch, handler, SQLite, the file written under the data dir) is real.
function recordingCore(failWith?: string): { core: TempCore; opened: string[] } {
  const opened: string[] = [];
  const core = createTempCore({
    openPath: async (path) => {
      opened.push(path);
      if (failWith) throw new Error(failWith);
    },
  });
  return { core, opened };
}

let core: TempCore | null = null;
afterEach(async () => {
  await core?.dispose();
  core = null;
});

describe('payloads:open-external', () => {
  it('writes the exact body under <dataDir>/exports and opens that file', async () => {
    const recording = recordingCore();
    core = recording.core;
    const body = JSON.stringify({ city: 'Zürich', values: Array.from({ length: 2000 }, (_, i) => i) });
    const ref = putPayload(core.deps.store, { sessionId: null, contentType: 'application/json', body });

    const result = await dispatch(handlers, core.deps, 'payloads:open-external', { id: ref.id });

    const path = join(core.dataDir, 'exports', `payload-${ref.id}.json`);
    expect(result).toEqual({ ok: true, data: { path } });
    expect(recording.opened).toEqual([path]);
    expect(readFileSync(path, 'utf8')).toBe(body);
  });

  it('writes binary bodies as bytes and opens untrusted HTML as plain text', async () => {
    const recording = recordingCore();
    core = recording.core;
    const png = putPayload(core.deps.store, {
      sessionId: null,
      contentType: 'image/png',
      body: new Uint8Array([137, 80, 78, 71, 0, 255]),
    });
    const html = putPayload(core.deps.store, {
      sessionId: null,
      contentType: 'text/html',
      body: '<script>alert(1)</script>',
    });

    await dispatch(handlers, core.deps, 'payloads:open-external', { id: png.id });
    await dispatch(handlers, core.deps, 'payloads:open-external', { id: html.id });

    const [pngPath = '', htmlPath = ''] = recording.opened;
    expect(pngPath.endsWith(`payload-${png.id}.png`)).toBe(true);
    expect([...readFileSync(pngPath)]).toEqual([137, 80, 78, 71, 0, 255]);
    expect(htmlPath.endsWith(`payload-${html.id}.txt`)).toBe(true);
    expect(dirname(htmlPath)).toBe(join(core.dataDir, 'exports'));
  });

  it('answers not-found for a missing payload without opening anything', async () => {
    const recording = recordingCore();
    core = recording.core;
    const result = await dispatch(handlers, core.deps, 'payloads:open-external', { id: '404' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(recording.opened).toEqual([]);
  });

  it('reports an opener failure as unavailable, naming the saved file', async () => {
    const recording = recordingCore('xdg-open exited with 3');
    core = recording.core;
    const ref = putPayload(core.deps.store, { sessionId: null, contentType: 'text/plain', body: 'hi' });
    const result = await dispatch(handlers, core.deps, 'payloads:open-external', { id: ref.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain(join(core.dataDir, 'exports', `payload-${ref.id}.txt`));
    expect(message).toContain('xdg-open exited with 3');
  });
});

describe('payloads:describe', () => {
  it('gives metadata and preview without the body', async () => {
    const recording = recordingCore();
    core = recording.core;
    const body = 'x'.repeat(10_000);
    const ref = putPayload(core.deps.store, { sessionId: null, contentType: 'text/plain', body });
    const result = await dispatch(handlers, core.deps, 'payloads:describe', { id: ref.id });
    expect(result).toEqual({ ok: true, data: ref });
    expect(ref).toMatchObject({ byteSize: 10_000, isComplete: false });
    expect(await dispatch(handlers, core.deps, 'payloads:describe', { id: '404' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
