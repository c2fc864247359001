import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { ControlAction } from '@shared/models/status';
import type { CoreDeps } from '../core';

export function describeControls(
  input: ParsedChannelInput<'control:describe'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'control:describe'>> {
  return deps.control.describe(input.sessionIds);
}

function single(action: ControlAction) {
  return (input: { sessionId: string }, deps: CoreDeps) => deps.control.request(input.sessionId, action);
}

export const pauseSession = single('pause');
export const resumeSession = single('resume');
export const cancelSession = single('cancel');
export const deleteSessionAtSource = single('delete');

export function respondToSession(
  input: ParsedChannelInput<'control:respond'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'control:respond'>> {
  return deps.control.request(input.sessionId, 'respond', input.response);
}

export function bulkControl(
  input: ParsedChannelInput<'control:bulk'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'control:bulk'>> {
  return deps.control.requestMany(input.sessionIds, input.action, input.response);
}
