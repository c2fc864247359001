import type { Channel, ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { CoreDeps } from '../core';
import { getAppInfo } from './app-handlers';

export type Handler<C extends Channel> = (
  input: ParsedChannelInput<C>,
  deps: CoreDeps,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type Handlers = { [C in Channel]: Handler<C> };

/**
 * The one handler table, served by Electron IPC (`register.ts`) and by the web bridge. A
 * channel in the contract without a handler here, or an extra one, fails to compile.
 */
export const handlers = {
  'app:info': getAppInfo,
} satisfies Handlers;
