// Starts the real LangGraph API dev server (`langgraphjs dev`, pinned in ./package.json) on
// 127.0.0.1 with the test graph in ./src, offline, in a project copy of its own per instance.
// See ./README.md and shared/reference/langgraph-api.md (§3 offline, §4 start-up).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PEER_DIR = import.meta.dirname;
export const REPO_ROOT = resolve(PEER_DIR, '../../..');
export const INSTALL_SCRIPT = resolve(REPO_ROOT, 'scripts/install-langgraph-peer.mjs');
export const INSTALL_COMMAND = 'node scripts/install-langgraph-peer.mjs';
const CLI_ENTRY = resolve(PEER_DIR, 'node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs');
const HOST = '127.0.0.1';
/** Files copied into each instance's project dir (node_modules is symlinked, src copied). */
const PROJECT_FILES = ['langgraph.json', 'package.json', 'tsconfig.json'];
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;
const MAX_LOG_LINES = 5_000;

/**
 * Switches that keep the CLI and server off the network (reference §3): analytics, the Studio
 * browser tab and LangSmith tracing. API keys are removed from the inherited environment.
 */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  LANGGRAPH_CLI_NO_ANALYTICS: '1',
  LANGSMITH_TRACING: 'false',
  LANGSMITH_TRACING_V2: 'false',
  LANGCHAIN_TRACING: 'false',
  LANGCHAIN_TRACING_V2: 'false',
  BROWSER: 'none',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
const DROPPED_ENV = [
  'LANGSMITH_API_KEY',
  'LANGCHAIN_API_KEY',
  'LANGSMITH_ENDPOINT',
  'LANGCHAIN_ENDPOINT',
  'NODE_OPTIONS',
];

export type LangGraphServerOptions = {
  /** Project/state dir for this instance; created if missing, kept afterwards. Default: a fresh temp dir. */
  stateDir?: string;
  /** Extra environment for the server (applied after the offline switches). */
  env?: Record<string, string>;
  /** A fixed port instead of a free ephemeral one; fails fast when it is taken. */
  port?: number;
  /** Deadline for `GET /ok` after each (re)start. Default 60 s (slow from cold on 2 cores). */
  readyTimeoutMs?: number;
};

export type LangGraphServer = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** The instance's project dir: langgraph.json, src/, and the server's `.langgraph_api/` state. */
  projectDir: string;
  /** SIGTERM to the whole process tree; resolves once every process has exited (state flushed). */
  stop(): Promise<void>;
  /** stop(), then start again on the same port with the same state. Works after stop() too. */
  restart(): Promise<void>;
  /** Everything the CLI and server printed since the first start (ANSI codes stripped). */
  logs(): string;
};

export class LangGraphServerError extends Error {
  override name = 'LangGraphServerError';
}

export class PortInUseError extends LangGraphServerError {
  override name = 'PortInUseError';
}

// ---------------------------------------------------------------------------------------------
// Install

let installation: Promise<void> | null = null;

/** Runs the install script (a no-op when current) once per process. */
export function ensureLangGraphInstalled(): Promise<void> {
  installation ??= runInstallScript().catch((error: unknown) => {
    installation = null;
    throw error;
  });
  return installation;
}

function runInstallScript(): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [INSTALL_SCRIPT], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) =>
      reject(new LangGraphServerError(`Could not run ${INSTALL_COMMAND}: ${error.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0 && existsSync(CLI_ENTRY)) {
        resolvePromise();
        return;
      }
      reject(
        new LangGraphServerError(
          `The LangGraph test server is not installed and installing it failed (exit ${code}). ` +
            `Run \`${INSTALL_COMMAND}\` in ${REPO_ROOT} to see why.\n${output.trim()}`,
        ),
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Ports and processes

function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(null));
    probe.listen({ port, host: HOST, exclusive: true }, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : null;
      probe.close(() => resolvePromise(bound));
    });
  });
}

/** An ephemeral port that was free a moment ago (the launch still handles losing the race). */
async function findFreePort(): Promise<number> {
  const port = await listenOnce(0);
  if (port === null) throw new LangGraphServerError(`Could not bind an ephemeral port on ${HOST}`);
  return port;
}

async function waitForFreePort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await listenOnce(port)) === null) {
    if (Date.now() > deadline) {
      throw new PortInUseError(`Port ${HOST}:${port} is still in use; cannot (re)start the server on it`);
    }
    await delay(100);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Whether any non-zombie process of the group is left (zombies wait for a reaper, not for us). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
  if (!existsSync('/proc/self/stat')) return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/** Live (non-zombie) processes of a group with their command lines. */
function groupMembers(pgid: number): { pid: number; cmdline: string }[] {
  const members: { pid: number; cmdline: string }[] = [];
  if (!existsSync('/proc/self/stat')) return members;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid || fields[0] === 'Z' || fields[0] === 'X') continue;
      members.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
    } catch {
      // The process exited while we looked.
    }
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') throw error;
  }
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}

/** Process groups still running, so a crashing test process does not leave servers behind. */
const liveGroups = new Set<number>();
/** Temp project dirs this module created; removed when the test process exits. */
const ownedDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGTERM');
    // A dir whose server may still be flushing is left alone.
    if (liveGroups.size > 0) return;
    for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Project dir

const TEMP_PREFIX = 'tracedeck-langgraph-';
/** In an owned temp dir: the pid of the test process that created it. */
const OWNER_FILE = '.tracedeck-owner';
/** In a project dir while its server runs: the server's process group id. */
const SERVER_FILE = '.tracedeck-server';
let swept = false;

/** Alive and not a zombie (this machine's init reaps orphans late, so zombies linger). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc: trust kill()
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether `pgid` still leads a langgraphjs dev CLI (not an unrelated process that reused the id). */
function isLangGraphCli(pgid: number): boolean {
  try {
    return readFileSync(`/proc/${pgid}/cmdline`, 'utf8').includes('langgraph-cli');
  } catch {
    return false;
  }
}

/**
 * Temp project dirs of test processes that died without cleaning up (a killed worker, Ctrl-C):
 * an orphaned server still running there gets SIGTERM (its dir goes next time); others are removed.
 */
function sweepAbandonedDirs(): void {
  if (swept) return;
  swept = true;
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((entry) => entry.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = join(tmpdir(), entry);
    const owner = readPid(join(dir, OWNER_FILE));
    if (owner === null || owner === process.pid || processAlive(owner)) continue;
    const server = readPid(join(dir, SERVER_FILE));
    if (server !== null && groupAlive(server)) {
      if (isLangGraphCli(server)) signalGroup(server, 'SIGTERM');
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function prepareProjectDir(stateDir: string | undefined): Promise<string> {
  let projectDir: string;
  if (stateDir === undefined) {
    sweepAbandonedDirs();
    projectDir = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
    ownedDirs.add(projectDir);
    await writeFile(join(projectDir, OWNER_FILE), `${process.pid}\n`);
  } else {
    projectDir = resolve(stateDir);
    if (projectDir === resolve(PEER_DIR)) {
      throw new LangGraphServerError('stateDir must be a directory of its own, not test/peers/langgraph');
    }
    await mkdir(projectDir, { recursive: true });
  }
  for (const file of PROJECT_FILES) await copyFile(join(PEER_DIR, file), join(projectDir, file));
  await cp(join(PEER_DIR, 'src'), join(projectDir, 'src'), { recursive: true, force: true });
  const link = join(projectDir, 'node_modules');
  await rm(link, { force: true }); // a stale or dangling link from an earlier run of this stateDir
  await symlink(join(PEER_DIR, 'node_modules'), link, 'dir');
  // The CLI appends `.langgraph_api` to the project's .gitignore when it is missing (reference §3).
  const gitignore = join(projectDir, '.gitignore');
  const current = existsSync(gitignore) ? await readFile(gitignore, 'utf8') : '';
  if (!current.includes('.langgraph_api')) await writeFile(gitignore, `${current}.langgraph_api\n`);
  return projectDir;
}

function serverEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  return { ...env, ...OFFLINE_ENV, ...extra };
}

// ---------------------------------------------------------------------------------------------
// The server

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

class Instance {
  private child: ChildProcess | null = null;
  private readonly lines: string[] = [];
  private readonly logFile: string;

  constructor(
    readonly projectDir: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly readyTimeoutMs: number,
  ) {
    this.logFile = join(projectDir, 'server.log');
  }

  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  logs(): string {
    return this.lines.join('\n');
  }

  private logTail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }

  private record(text: string): void {
    const clean = text.replace(ANSI, '');
    for (const line of clean.split('\n')) if (line.trim() !== '') this.lines.push(line);
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
    try {
      appendFileSync(this.logFile, clean);
    } catch {
      // The log file is a convenience; the in-memory copy is what error messages use.
    }
  }

  /** Spawns the CLI and waits for `/ok`; on failure the process tree is gone before it throws. */
  async start(): Promise<void> {
    const startedAt = Date.now();
    this.record(`--- tracedeck: starting langgraphjs dev on ${this.url}\n`);
    const child = spawn(
      process.execPath,
      [CLI_ENTRY, 'dev', '--host', HOST, '--port', String(this.port), '--no-browser', '--no-reload'],
      { cwd: this.projectDir, env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const pgid = child.pid;
    if (pgid === undefined) {
      const spawnError = await new Promise<Error>((resolvePromise) => child.once('error', resolvePromise));
      throw new LangGraphServerError(`Could not start langgraphjs dev: ${spawnError.message}`);
    }
    liveGroups.add(pgid);
    installExitHook();
    await writeFile(join(this.projectDir, SERVER_FILE), `${pgid}\n`);
    child.stdout?.on('data', (chunk: Buffer) => this.record(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.record(chunk.toString()));
    try {
      await this.waitReady(child);
      this.record(`--- tracedeck: ready after ${Date.now() - startedAt} ms\n`);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    const logStart = this.lines.length;
    for (;;) {
      if (this.lines.slice(logStart).some((line) => line.includes('EADDRINUSE'))) {
        throw new PortInUseError(`Port ${this.port} is already in use (the server hangs instead of exiting)`);
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new LangGraphServerError(
          `langgraphjs dev exited (${child.exitCode ?? child.signalCode}) before answering /ok:\n${this.logTail()}`,
        );
      }
      if (await this.answersOk()) return;
      if (Date.now() > deadline) {
        throw new LangGraphServerError(
          `langgraphjs dev did not answer ${this.url}/ok within ${this.readyTimeoutMs} ms:\n${this.logTail()}`,
        );
      }
      await delay(200);
    }
  }

  private async answersOk(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/ok`, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) return false;
      const body: unknown = await response.json();
      return typeof body === 'object' && body !== null && 'ok' in body && body.ok === true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === null || child.pid === undefined) return;
    const pgid = child.pid;
    // SIGTERM the server process alone first: a group-wide SIGTERM makes tsx (its parent) relay a
    // second SIGTERM and SIGKILL it 30 ms later unless it acknowledges, while the server handles
    // only the first one, so on a loaded machine it dies mid-flush of `.langgraph_api/*.json` and
    // restarts with no threads. The group signal stays as the fallback.
    const server = groupMembers(pgid).find((member) => member.cmdline.includes('preflight.cjs'));
    if (server) {
      try {
        process.kill(server.pid, 'SIGTERM');
      } catch (error) {
        if (errorCode(error) !== 'ESRCH') throw error;
      }
    }
    if (!server || !(await waitForGroupExit(pgid, STOP_TIMEOUT_MS))) signalGroup(pgid, 'SIGTERM');
    if (!(await waitForGroupExit(pgid, STOP_TIMEOUT_MS))) {
      this.record(`--- tracedeck: no exit ${STOP_TIMEOUT_MS} ms after SIGTERM, sending SIGKILL\n`);
      signalGroup(pgid, 'SIGKILL');
      if (!(await waitForGroupExit(pgid, 5_000))) {
        throw new LangGraphServerError(`langgraphjs dev (process group ${pgid}) survived SIGKILL`);
      }
    }
    liveGroups.delete(pgid);
    rmSync(join(this.projectDir, SERVER_FILE), { force: true });
    this.child = null;
    this.record('--- tracedeck: stopped\n');
  }
}

/**
 * Starts `langgraphjs dev` for the test graph on a free ephemeral port of 127.0.0.1 (or
 * `options.port`) and resolves once `GET /ok` answers. Installs the peer project first when needed.
 * Rejects with a LangGraphServerError that quotes the server log when it cannot start.
 */
export async function startLangGraphServer(options: LangGraphServerOptions = {}): Promise<LangGraphServer> {
  if (options.port !== undefined && (await listenOnce(options.port)) === null) {
    throw new PortInUseError(
      `Port ${HOST}:${options.port} is already in use; not starting langgraphjs dev on it`,
    );
  }
  await ensureLangGraphInstalled();
  const projectDir = await prepareProjectDir(options.stateDir);
  const env = serverEnv(options.env);
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  let instance: Instance | null = null;
  for (let attempt = 1; instance === null; attempt++) {
    const port = options.port ?? (await findFreePort());
    const candidate = new Instance(projectDir, port, env, readyTimeoutMs);
    try {
      await candidate.start();
      instance = candidate;
    } catch (error) {
      // Another process took the ephemeral port between the probe and the server's listen.
      const retry = error instanceof PortInUseError && options.port === undefined && attempt < PORT_ATTEMPTS;
      if (!retry) throw error;
    }
  }
  const running = instance;
  return {
    url: running.url,
    port: running.port,
    projectDir,
    stop: () => running.stop(),
    restart: async () => {
      await running.stop();
      await waitForFreePort(running.port, 10_000);
      await running.start();
    },
    logs: () => running.logs(),
  };
}
