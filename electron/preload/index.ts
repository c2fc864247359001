import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannel, isEventName, type TracedeckApi } from '@shared/ipc/contract';

// Exposes exactly two functions. Names are checked here as well as in main, so a compromised
// renderer cannot reach an IPC channel outside the contract through this bridge.
const api: TracedeckApi = {
  invoke(channel, input) {
    if (!isChannel(channel)) return Promise.reject(new Error(`Unknown channel: ${String(channel)}`));
    return ipcRenderer.invoke(channel, input);
  },
  on(event, callback) {
    if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
    const listener = (_event: IpcRendererEvent, payload: unknown): void => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
};

contextBridge.exposeInMainWorld('api', api);
