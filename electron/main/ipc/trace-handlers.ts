import type { ChannelOutput, EventPayload, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { TraceOutline } from '@shared/models/span';
import type { CoreDeps } from '../core';
import { getSpan, searchTrace, spanWindow, traceOutline } from '../db/spans-repo';

// The Trace tab fetches its outline each time it opens, and 100,000 spans take a few hundred ms
// to read: the last outline is kept per core until a write touches spans or sessions (every
// write announces its tables on db:changed).
const lastOutlines = new WeakMap<CoreDeps, { sessionId: string; outline: TraceOutline } | null>();

function lastOutline(deps: CoreDeps, sessionId: string): TraceOutline | null {
  if (!lastOutlines.has(deps)) {
    lastOutlines.set(deps, null);
    deps.events.subscribe((event, payload) => {
      const tables = event === 'db:changed' ? (payload as EventPayload<'db:changed'>).tables : [];
      if (tables.includes('spans') || tables.includes('sessions')) lastOutlines.set(deps, null);
    });
  }
  const last = lastOutlines.get(deps);
  return last?.sessionId === sessionId ? last.outline : null;
}

export function traceOutlineHandler(
  input: ParsedChannelInput<'sessions:trace'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:trace'> {
  const cached = lastOutline(deps, input.id);
  if (cached) return cached;
  const outline = traceOutline(deps.db, input.id);
  if (!outline) throw new IpcError('not-found', 'This session is not in the local store');
  lastOutlines.set(deps, { sessionId: input.id, outline });
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
