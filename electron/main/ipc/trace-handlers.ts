import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { CoreDeps } from '../core';
import { getSpan, searchTrace, spanWindow, traceOutline } from '../db/spans-repo';

export function traceOutlineHandler(
  input: ParsedChannelInput<'sessions:trace'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:trace'> {
  const outline = traceOutline(deps.db, input.id);
  if (!outline) throw new IpcError('not-found', 'This session is not in the local store');
  return outline;
}

export function traceSpan(
  input: ParsedChannelInput<'sessions:span'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:span'> {
  const span = getSpan(deps.db, input.id, input.rowId);
  if (!span) throw new IpcError('not-found', 'This span is no longer in the local store');
  return span;
}

export function traceSearch(
  input: ParsedChannelInput<'sessions:trace-search'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:trace-search'> {
  return searchTrace(deps.db, input.id, input.text);
}

export function spanPage(
  input: ParsedChannelInput<'sessions:spans'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:spans'> {
  return spanWindow(deps.db, input.id, { after: input.after ?? null, limit: input.limit });
}
