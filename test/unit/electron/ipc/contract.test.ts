import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, type Channel } from '@shared/ipc/contract';
import type { IpcResult } from '@shared/ipc/errors';
import { startBridge, type Bridge } from '../../../../electron/main/bridge/server';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { CONTRACT_SAMPLES } from '../../../fixtures/contract-samples';
import { createTempCore, type TempCore } from '../../../support/temp-core';

// Electron's binary cannot be downloaded here, so `electron` itself is replaced by a recorder
// of ipcMain.handle registrations. Everything behind it (dispatch, handlers, SQLite) is real.
type IpcListener = (event: unknown, input: unknown) => Promise<IpcResult<unknown>>;
const registered = new Map<string, IpcListener>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: IpcListener) => registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));
const { registerIpc } = await import('../../../../electron/main/ipc/register');

const APP_URL = 'file:///app/renderer/index.html';

function trustedEvent(url = APP_URL): unknown {
  const mainFrame = { url };
  return { sender: { mainFrame }, senderFrame: mainFrame };
}

let core: TempCore;
let bridge: Bridge;
let unregister: () => void;

beforeEach(async () => {
  core = createTempCore();
  unregister = registerIpc(handlers, core.deps, (url) => url === APP_URL);
  bridge = await startBridge({ deps: core.deps, handlers, staticDir: null, port: 0 });
});

afterEach(async () => {
  unregister();
  await bridge.close();
  await core.dispose();
});

async function invokeOverBridge(channel: string, input: unknown): Promise<IpcResult<unknown>> {
  const response = await fetch(`${bridge.origin}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}` },
    body: JSON.stringify(input),
  });
  return (await response.json()) as IpcResult<unknown>;
}

function expectServed(channel: Channel, result: IpcResult<unknown>): void {
  if (!result.ok) {
    expect(result.error.code, `${channel}: ${result.error.message}`).not.toMatch(
      /unknown-channel|invalid-input/,
    );
    return;
  }
  expect(() => CHANNELS[channel].output.parse(result.data), channel).not.toThrow();
}

describe('the IPC contract', () => {
  it('has a handler for every channel and no handler outside it', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('is registered on Electron IPC channel by channel', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('serves %s over Electron IPC with output matching the contract', async (channel) => {
    const listener = registered.get(channel);
    expect(listener).toBeDefined();
    expectServed(channel, await listener!(trustedEvent(), CONTRACT_SAMPLES[channel]));
  });

  it.each(CHANNEL_NAMES)(
    'serves %s over the web bridge with output matching the contract',
    async (channel) => {
      expectServed(channel, await invokeOverBridge(channel, CONTRACT_SAMPLES[channel]));
    },
  );

  it('gives the same answer over both transports', async () => {
    const overIpc = await registered.get('app:info')!(trustedEvent(), {});
    const overBridge = await invokeOverBridge('app:info', {});
    expect(overBridge).toEqual(overIpc);
  });

  it('refuses calls from a frame that is not the app window', async () => {
    const fromIframe = { sender: { mainFrame: { url: APP_URL } }, senderFrame: { url: APP_URL } };
    const fromElsewhere = trustedEvent('https://evil.example/');
    for (const event of [fromIframe, fromElsewhere]) {
      const result = await registered.get('app:info')!(event, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('rejects invalid input with a clear code on both transports instead of crashing', async () => {
    const overIpc = await registered.get('app:info')!(trustedEvent(), { unexpected: 1 });
    const overBridge = await invokeOverBridge('app:info', 'not an object');
    for (const result of [overIpc, overBridge]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    // The core keeps serving afterwards.
    expect((await invokeOverBridge('app:info', {})).ok).toBe(true);
  });

  it('answers an unknown channel with unknown-channel', async () => {
    expect(await invokeOverBridge('sessions:drop-all', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });
});
