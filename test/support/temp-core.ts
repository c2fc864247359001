import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/main/core';

export interface TempCore extends Core {
  dataDir: string;
  /** Closes the core and deletes its data directory. */
  dispose(): Promise<void>;
}

/** A real core on a real SQLite file in a fresh temp directory. */
export function createTempCore(options: Partial<CoreOptions> = {}): TempCore {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tracedeck-test-'));
  const core = createCore({ appVersion: '0.0.0-test', transport: 'web', ...options, dataDir });
  return {
    ...core,
    dataDir,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `Timed out waiting for ${options.what ?? 'condition'}${lastError ? `: ${String(lastError)}` : ''}`,
  );
}
