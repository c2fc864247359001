// A process that syncs one target and exits: the crash-safety test SIGKILLs it mid-sync.
// Usage: node scripts/run-ts.mjs test/support/sync-child.ts <dataDir> <targetId> <mode>
import { createCore } from '../../electron/main/core';

const [dataDir, targetId, mode] = process.argv.slice(2);
if (!dataDir || !targetId || (mode !== 'full' && mode !== 'incremental')) {
  throw new Error('usage: sync-child.ts <dataDir> <targetId> <full|incremental>');
}
const core = createCore({
  dataDir,
  appVersion: '0.0.0-test',
  transport: 'web',
  retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 200 },
});
core.deps.events.subscribe((event, payload) => {
  if (event === 'sync:progress') process.stdout.write(`progress ${(payload as { pages: number }).pages}\n`);
});
process.stdout.write('ready\n');
const result = await core.deps.sync.sync(targetId, mode);
process.stdout.write(`result ${JSON.stringify(result)}\n`);
await core.close();
