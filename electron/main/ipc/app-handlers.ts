import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import type { CoreDeps } from '../core';
import { sqliteVersion } from '../db/connection';
import { schemaVersion } from '../db/migrate';

export function getAppInfo(
  _input: ParsedChannelInput<'app:info'>,
  deps: CoreDeps,
): ChannelOutput<'app:info'> {
  return {
    name: 'Tracedeck',
    version: deps.appVersion,
    dataDir: deps.dataDir,
    databasePath: deps.databasePath,
    schemaVersion: schemaVersion(deps.db),
    transport: deps.transport,
    platform: process.platform,
    nodeVersion: process.versions.node,
    sqliteVersion: sqliteVersion(deps.db),
  };
}
