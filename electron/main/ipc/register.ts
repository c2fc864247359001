import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES } from '@shared/ipc/contract';
import type { IpcResult } from '@shared/ipc/errors';
import type { CoreDeps } from '../core';
import { dispatch } from './dispatch';
import type { Handlers } from './handlers';

/**
 * Serves the handler table over Electron IPC. Only the app's own top-level frame may call:
 * an iframe or a page that navigated elsewhere is refused before input is even parsed.
 */
export function registerIpc(table: Handlers, deps: CoreDeps, isAppUrl: (url: string) => boolean): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcResult<unknown>> => {
        if (!isTrustedSender(event, isAppUrl)) {
          return {
            ok: false,
            error: { code: 'forbidden', message: 'Calls are accepted from the app window only' },
          };
        }
        return dispatch(table, deps, channel, input);
      },
    );
  }
  const forward = deps.events.subscribe((event, payload) => {
    for (const contents of trustedContents) if (!contents.isDestroyed()) contents.send(event, payload);
  });
  return () => {
    forward();
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

const trustedContents = new Set<WebContents>();

/** Push events go only to windows registered here. */
export function attachEvents(contents: WebContents): void {
  trustedContents.add(contents);
  contents.once('destroyed', () => trustedContents.delete(contents));
}

function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}
