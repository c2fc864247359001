import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import {
  BundleError,
  bundleFileName,
  exportSessionBundle,
  importSessionBundle,
  parseSessionBundle,
} from '../bundle/session-bundle';
import type { CoreDeps } from '../core';

export function exportSession(
  input: ParsedChannelInput<'sessions:export'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:export'> {
  const bundle = exportSessionBundle(deps.db, input.id, deps.appVersion, deps.now());
  if (!bundle) throw new IpcError('not-found', 'This session is not in the local store');
  return { fileName: bundleFileName(bundle), json: JSON.stringify(bundle) };
}

export function importSession(
  input: ParsedChannelInput<'sessions:import'>,
  deps: CoreDeps,
): ChannelOutput<'sessions:import'> {
  try {
    return importSessionBundle(deps.store, parseSessionBundle(input.json), deps.now());
  } catch (error) {
    if (error instanceof BundleError) throw new IpcError('invalid-input', error.message);
    throw error;
  }
}
