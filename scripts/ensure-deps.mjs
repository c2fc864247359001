// Installs dependencies when node_modules is missing or older than the lockfile, so that
// `npm start`, `npm run web` and `npm test` work on a fresh checkout. Runs on any Node:
// the project's own Node 24 (a devDependency) only exists after this install.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const installed = resolve(root, 'node_modules/.package-lock.json');
const lockfile = resolve(root, 'package-lock.json');

const isStale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs;
if (isStale) {
  console.log('Installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci'], {
    cwd: root,
    stdio: 'inherit',
    // Electron's binary is fetched on first launch, never during install.
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The tests also drive a real LangGraph API server, whose packages live in their own folder.
if (process.argv.includes('--with-test-peers')) {
  const result = spawnSync(process.execPath, [resolve(root, 'scripts/install-langgraph-peer.mjs')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
