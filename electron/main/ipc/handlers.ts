import type { Channel, ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { CoreDeps } from '../core';
import { getAppInfo } from './app-handlers';
import { exportSession, importSession } from './bundle-handlers';
import { compareSessions } from './compare-handlers';
import {
  bulkControl,
  cancelSession,
  deleteSessionAtSource,
  describeControls,
  pauseSession,
  respondToSession,
  resumeSession,
} from './control-handlers';
import {
  closeQuery,
  facets,
  getSession,
  payload,
  querySessions,
  sessionActivity,
  sessionsWindow,
} from './sessions-handlers';
import { describePayload, openPayloadExternally } from './payloads-handlers';
import { spanPage, traceOutlineHandler, traceSearch, traceSpan } from './trace-handlers';
import { cancelSync, listSyncStatesHandler, startSync } from './sync-handlers';
import { getSettingsHandler, setSettingHandler } from './settings-handlers';
import { loadDemo } from './demo-handlers';
import {
  addTarget,
  detectLocalServers,
  editTarget,
  listTargetOverviews,
  removeTarget,
  testTargetConnection,
} from './targets-handlers';

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
  'targets:list': listTargetOverviews,
  'targets:add': addTarget,
  'targets:update': editTarget,
  'targets:remove': removeTarget,
  'targets:test': testTargetConnection,
  'targets:detect': detectLocalServers,
  'sync:start': startSync,
  'sync:cancel': cancelSync,
  'sync:states': listSyncStatesHandler,
  'sessions:query': querySessions,
  'sessions:window': sessionsWindow,
  'sessions:close-query': closeQuery,
  'sessions:facets': facets,
  'sessions:get': getSession,
  'sessions:export': exportSession,
  'sessions:import': importSession,
  'sessions:activity': sessionActivity,
  'payloads:get': payload,
  'payloads:describe': describePayload,
  'payloads:open-external': openPayloadExternally,
  'sessions:trace': traceOutlineHandler,
  'sessions:span': traceSpan,
  'sessions:trace-search': traceSearch,
  'sessions:spans': spanPage,
  'compare:sessions': compareSessions,
  'control:describe': describeControls,
  'control:pause': pauseSession,
  'control:resume': resumeSession,
  'control:cancel': cancelSession,
  'control:delete': deleteSessionAtSource,
  'control:respond': respondToSession,
  'control:bulk': bulkControl,
  'settings:get': getSettingsHandler,
  'settings:set': setSettingHandler,
  'demo:load': loadDemo,
} satisfies Handlers;
