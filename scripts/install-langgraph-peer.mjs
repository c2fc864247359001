// Installs the LangGraph API dev server used by the integration tests (test/peers/langgraph), a
// separate npm project so the root `npm ci` never sees its packages. Runs only when its
// node_modules is missing or was installed from a different package.json / package-lock.json.
//
// `npm ci` cannot be used there: which optional @tailwindcss/oxide-* platform builds (pulled in
// via @langchain/langgraph-ui) the registry offers has changed over time, and `npm ci` calls a
// lockfile "out of sync" when they differ. `npm install` with the same lockfile installs exactly
// the locked versions; the check below fails if it changed any required package.
//
// Plain JavaScript, no dependencies: runs on Node 20+ before anything else is installed.
// Usage: node scripts/install-langgraph-peer.mjs [--force] [--check]
//   --check  exit 0 when the install is current, 1 when it is missing or stale; installs nothing
//   --force  reinstall even when the install looks current
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const peerDir = resolve(import.meta.dirname, '../test/peers/langgraph');
const nodeModules = resolve(peerDir, 'node_modules');
const stampFile = resolve(nodeModules, '.tracedeck-install-stamp');
const lockDir = resolve(peerDir, '.install-lock');
const LOCK_STALE_MS = 10 * 60_000;
const LOCK_WAIT_MS = 10 * 60_000;
/** Files whose content decides whether node_modules is current. */
const INPUTS = ['package.json', 'package-lock.json'];
/** A file the dev server cannot start without: guards against a half-deleted node_modules. */
const CLI_ENTRY = resolve(nodeModules, '@langchain/langgraph-cli/dist/cli/cli.mjs');

function wantedStamp() {
  const hash = createHash('sha256');
  for (const name of INPUTS) hash.update(`${name}\0`).update(readFileSync(resolve(peerDir, name)));
  return hash.digest('hex');
}

function isCurrent() {
  if (!existsSync(stampFile) || !existsSync(CLI_ENTRY)) return false;
  return readFileSync(stampFile, 'utf8').trim() === wantedStamp();
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A directory as a cross-process lock: two test workers must not install at the same time. */
function acquireLock() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS) {
        console.warn(`Removing a stale install lock: ${lockDir}`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
    } catch {
      continue; // removed between mkdir and stat: try again
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the install lock ${lockDir}`);
    sleepSync(500);
  }
}

/**
 * Lock entries that differ between two lockfiles, ignoring optional packages: whether the registry
 * has, say, @tailwindcss/oxide-android-arm64 changes the lockfile npm writes, and npm runs fine
 * without any optional package, so only changes to required packages mean a stale lockfile.
 */
function changedLockEntries(before, after) {
  const optionalOrAbsent = (entry) => entry === undefined || entry.optional === true;
  const keys = new Set([...Object.keys(before.packages ?? {}), ...Object.keys(after.packages ?? {})]);
  return [...keys].filter((key) => {
    const a = before.packages?.[key];
    const b = after.packages?.[key];
    if (JSON.stringify(a) === JSON.stringify(b)) return false;
    return !(optionalOrAbsent(a) && optionalOrAbsent(b));
  });
}

function install() {
  const lockBefore = readFileSync(resolve(peerDir, 'package-lock.json'));
  console.log(`Installing the LangGraph test server into ${nodeModules} (npm install from the lockfile)…`);
  const started = Date.now();
  // --ignore-scripts: the only install script is esbuild's postinstall, which just verifies the
  // binary that the optional @esbuild/linux-x64 package already ships.
  const result = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-update-notifier', '--loglevel=error'],
    { cwd: peerDir, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (result.error) throw new Error(`Could not run npm: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm install in ${peerDir} exited with ${result.status}`);
  const lockAfter = readFileSync(resolve(peerDir, 'package-lock.json'));
  if (!lockAfter.equals(lockBefore)) writeFileSync(resolve(peerDir, 'package-lock.json'), lockBefore);
  const changed = changedLockEntries(JSON.parse(lockBefore), JSON.parse(lockAfter));
  if (changed.length > 0) {
    console.error(`Lockfile entries npm changed: ${changed.slice(0, 10).join(', ')}`);
    throw new Error(
      'npm install changed test/peers/langgraph/package-lock.json (restored it). ' +
        'If package.json changed on purpose, run `npm install` in test/peers/langgraph and commit the new lockfile.',
    );
  }
  if (!existsSync(CLI_ENTRY)) throw new Error(`npm install finished but ${CLI_ENTRY} is missing`);
  writeFileSync(stampFile, `${wantedStamp()}\n`);
  console.log(`Installed the LangGraph test server in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

const args = new Set(process.argv.slice(2));
if (args.has('--check')) {
  process.exit(isCurrent() ? 0 : 1);
}
if (!args.has('--force') && isCurrent()) process.exit(0);

acquireLock();
try {
  // Another process may have finished the install while this one waited for the lock.
  if (args.has('--force') || !isCurrent()) install();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}
