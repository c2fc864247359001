import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { CoreDeps } from '../core';
import { loadDemoData } from '../demo/load-demo';

export function loadDemo(
  _input: ParsedChannelInput<'demo:load'>,
  deps: CoreDeps,
): ChannelOutput<'demo:load'> {
  return loadDemoData(deps.store, deps.now());
}
