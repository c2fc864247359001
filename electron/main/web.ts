import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { startBridge } from './bridge/server';
import { createCore } from './core';
import { MigrationError } from './db/migrate';
import { handlers } from './ipc/handlers';
import { warmUp } from './ipc/warm-up';
import { defaultDataDir } from './lib/data-dir';
import { openWithDesktop } from './lib/open-path';

/**
 * `npm run web`: the desktop app's core without Electron, served to any browser through the
 * web bridge. Built next to the Electron entry, so `../renderer` is the built UI.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0 picks a free one), got ${values.port}`);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const core = createCore({
    dataDir,
    appVersion: version,
    transport: 'web',
    autoSync: true,
    fetchWorkerPath: fileURLToPath(new URL('./fetch-worker.js', import.meta.url)),
    openPath: openWithDesktop,
  });
  // Before the URL is printed, so the first page load finds a warm core.
  await warmUp(handlers, core.deps);
  const bridge = await startBridge({
    deps: core.deps,
    handlers,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    port,
  });
  process.stdout.write(`Tracedeck web bridge on ${bridge.origin} (data: ${dataDir})\n`);
  process.stdout.write(`Open ${bridge.launchUrl}\n`);

  let isStopping = false;
  const stop = (): void => {
    if (isStopping) return;
    isStopping = true;
    void bridge
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof MigrationError ? error.message : String(error)}\n`);
  process.exit(1);
});
