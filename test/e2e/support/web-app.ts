import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WEB_ENTRY = resolve(import.meta.dirname, '../../../out/main/web.js');

export interface WebApp {
  origin: string;
  /** The printed URL, carrying the launch token. */
  launchUrl: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built app exactly as `npm run web -- --port 0` does (the same entry file), on a
 * fresh data directory unless one is given, and waits for the URL it prints.
 */
export async function startWebApp(
  options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<WebApp> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tracedeck-e2e-'));
  const child = spawn(process.execPath, [WEB_ENTRY, '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const launchUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`web app did not print its URL:\n${output}`)), 20_000);
    const check = (): void => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web app exited with ${code}:\n${output}`));
    });
  });

  return {
    origin: new URL(launchUrl).origin,
    launchUrl,
    dataDir,
    output: () => output,
    async stop() {
      await stopChild(child);
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
