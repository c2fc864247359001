import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real desktop app. Electron downloads its binary on first launch, which this network
// forbids, so these tests run only where the binary is already installed.
const root = resolve(import.meta.dirname, '../..');
const electronDir = join(root, 'node_modules/electron');
const pathFile = join(electronDir, 'path.txt');
const electronBinary = existsSync(pathFile)
  ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  : null;
const hasElectron = electronBinary !== null && existsSync(electronBinary);
const SKIP_REASON =
  'Electron binary not installed (it cannot be downloaded here) — skipping desktop smoke tests';

if (!hasElectron) console.info(SKIP_REASON);

describe.skipIf(!hasElectron)('desktop app smoke test (needs the Electron binary)', () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-electron-'));
    app = await electron.launch({
      executablePath: electronBinary ?? undefined,
      args: [join(root, 'out/main/index.js')],
      env: { ...process.env, TRACEDECK_DATA_DIR: dataDir },
    });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens a hardened window whose renderer has only window.api', async () => {
    const page = await app.firstWindow();
    const globals = await page.evaluate(() => ({
      hasApi: typeof (window as unknown as { api?: unknown }).api === 'object',
      hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
    }));
    expect(globals).toEqual({ hasApi: true, hasRequire: false, hasProcess: false });
  });

  it('shows app:info from the core over Electron IPC', async () => {
    const page = await app.firstWindow();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('app-data-dir').textContent()).toBe(dataDir);
    expect(await page.getByTestId('app-transport').textContent()).toBe('Desktop app');
  });

  it('denies window.open', async () => {
    const page = await app.firstWindow();
    const opened = await page.evaluate(() => window.open('https://example.com') !== null);
    expect(opened).toBe(false);
    expect(app.windows()).toHaveLength(1);
  });
});

describe.runIf(!hasElectron)('desktop app smoke test', () => {
  it.skip(SKIP_REASON, () => {});
});
