import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { CoreDeps } from '../core';
import { getPayload } from '../db/payloads-repo';
import { activityWindow, getSessionDetail } from '../db/session-detail-repo';
import { closeSessionQuery, openSessionQuery, sessionFacets, sessionWindow } from '../db/session-list-repo';

export function querySessions(
  input: ParsedChannelInput<'sessions:query'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:query'> {
  const { window, ...query } = input;
  const info = openSessionQuery(deps.db, query);
  const rows = window ? (sessionWindow(deps.db, info.queryId, window.start, window.count) ?? []) : [];
  return { ...info, rows };
}

/** A window of an open query; `isStale` tells the renderer to reopen an evicted query. */
export function sessionsWindow(
  input: ParsedChannelInput<'sessions:window'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:window'> {
  const rows = sessionWindow(deps.db, input.queryId, input.start, input.count);
  return { rows: rows ?? [], isStale: rows === null };
}

export function closeQuery(
  input: ParsedChannelInput<'sessions:close-query'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:close-query'> {
  closeSessionQuery(deps.db, input.queryId);
  return {};
}

export function facets(
  input: ParsedChannelInput<'sessions:facets'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:facets'> {
  return sessionFacets(deps.db, input);
}

export function getSession(
  input: ParsedChannelInput<'sessions:get'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:get'> {
  const detail = getSessionDetail(deps.db, input.id, { activityFrom: input.activityFrom });
  if (!detail) throw new IpcError('not-found', 'This session is not in the local store');
  return detail;
}

export function sessionActivity(
  input: ParsedChannelInput<'sessions:activity'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:activity'> {
  return activityWindow(deps.db, input.id, input.fromSeq, input.limit);
}

export function payload(
  input: ParsedChannelInput<'payloads:get'>,
  deps: CoreDeps,
): ChannelOutput<'payloads:get'> {
  const found = getPayload(deps.db, input.id);
  if (!found) throw new IpcError('not-found', 'No such payload');
  return found;
}
