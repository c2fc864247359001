import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { CoreDeps } from '../core';
import { getSettings, setSetting, type SettingValue } from '../db/settings-repo';

export function getSettingsHandler(
  input: ParsedChannelInput<'settings:get'>,
  deps: CoreDeps,
): ChannelOutput<'settings:get'> {
  return { values: getSettings(deps.db, input.keys) };
}

export function setSettingHandler(
  input: ParsedChannelInput<'settings:set'>,
  deps: CoreDeps,
): ChannelOutput<'settings:set'> {
  setSetting(deps.store, input.key, input.value as SettingValue, deps.now());
  return {};
}
