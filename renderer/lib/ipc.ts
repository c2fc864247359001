import type {
  Channel,
  ChannelInput,
  ChannelOutput,
  EventName,
  EventPayload,
  TracedeckApi,
} from '@shared/ipc/contract';
import { IpcError, type IpcResult } from '@shared/ipc/errors';

// The only module that knows how the renderer reaches the core: Electron's preload
// (`window.api`) in the desktop app, the web bridge over HTTP and WebSocket in a browser.

declare global {
  interface Window {
    api?: TracedeckApi;
  }
}

/** Calls a contract channel; resolves with its output or throws `IpcError` with the code. */
export async function invoke<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await transport().invoke(channel, input);
  if (!result.ok) throw new IpcError(result.error.code, result.error.message, result.error.issues);
  return result.data as ChannelOutput<C>;
}

/** Subscribes to a push event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(
  event: E,
  callback: (payload: EventPayload<E>) => void,
): () => void {
  return transport().on(event, (payload) => callback(payload as EventPayload<E>));
}

export function transportName(): 'electron' | 'web' {
  return window.api ? 'electron' : 'web';
}

function transport(): TracedeckApi {
  return window.api ?? webBridge;
}

const webBridge: TracedeckApi = {
  async invoke(channel, input) {
    const response = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    if (response.status === 401) {
      return failure('forbidden', 'This page needs the launch token: open the URL printed by `npm run web`.');
    }
    if (!response.ok && response.headers.get('content-type') !== 'application/json') {
      return failure('unavailable', `The web bridge answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as IpcResult<unknown>;
  },
  on(event, callback) {
    return bridgeEvents.subscribe(event, callback);
  },
};

function failure(code: IpcError['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** One WebSocket for all events, opened on first use and reopened with backoff if it drops. */
const bridgeEvents = (() => {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  function connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/api/events`);
    socket.onopen = () => (retryMs = 500);
    socket.onmessage = (message) => {
      const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }

  return {
    subscribe(event: string, callback: (payload: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      if (!socket) connect();
      return () => {
        set.delete(callback);
        if (set.size === 0) listeners.delete(event);
      };
    },
  };
})();
