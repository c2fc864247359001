import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_PAYLOAD_BYTES } from '@shared/models/payload';
import { DATABASE_FILE_NAME, openDatabase } from '../../electron/main/db/connection';
import { migrate } from '../../electron/main/db/migrate';
import { putPayload } from '../../electron/main/db/payloads-repo';
import { getSessionDetail, storeSessionDetail } from '../../electron/main/db/session-detail-repo';
import type { Store } from '../../electron/main/db/store';
import { addTarget, makeActivity, makeDetail } from '../unit/db/helpers';
import { PayloadPage } from './pages/payload-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// A tool result long enough to be stored as its own payload row (not inline in its activity
// item), with its most telling keys first so they are on screen.
const TOOL_RESULT = JSON.stringify({
  status: 'shipped',
  order: 1234,
  carrier: { name: 'DHL', tracking: 'JD0146000033' },
  items: Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, quantity: (i % 3) + 1, price: 9.5 + i })),
});
const TOOL_ARGS = '{"order":1234}';
// 10 MB of JSON: five times the threshold above which a body is offered only as a download.
const HUGE_BODY = JSON.stringify({
  rows: Array.from({ length: 190_000 }, (_, i) => ({ id: i, label: `row number ${i}`, value: i * 1.5 })),
});

// Monaco is a few MB of script to load and compile on a busy 2-core machine.
const POLL = { timeout: 20_000 };

let dataDir: string;
let app: WebApp;
let browser: Browser;
const ids = { toolResult: '', toolArgs: '', huge: '' };

/** Stores a synced session with a tool call, and a 10 MB body, through the real repositories. */
function seedStore(dir: string): void {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  migrate(db);
  const store: Store = { db, notifyChanged: () => undefined };
  // Disabled, so the app's scheduler never tries to reach this made-up server.
  addTarget(store, 'target-1', { enabled: false });
  const detail = makeDetail();
  const sessionId = storeSessionDetail(store, 'target-1', {
    ...detail,
    activity: [
      makeActivity({
        kind: 'tool-call',
        role: null,
        text: null,
        sourceType: 'ToolCallCompleted',
        tool: {
          callId: 'call_1',
          name: 'lookup_order',
          args: { contentType: 'application/json', body: TOOL_ARGS },
          result: { contentType: 'application/json', body: TOOL_RESULT },
          state: 'succeeded',
          errorCategory: null,
          errorMessage: null,
          retryCount: 0,
          durationMs: 42,
        },
      }),
    ],
  });
  const tool = getSessionDetail(db, sessionId)?.activity.find((item) => item.tool)?.tool;
  if (!tool?.result || !tool.args) throw new Error('the tool call was not stored');
  ids.toolResult = tool.result.id;
  ids.toolArgs = tool.args.id;
  ids.huge = putPayload(store, { sessionId, contentType: 'application/json', body: HUGE_BODY }).id;
  db.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-e2e-payload-'));
  seedStore(dataDir);
  app = await startWebApp({ dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the payload viewer in Chromium through the web bridge', () => {
  it('shows a stored tool result in Monaco, as YAML and back, and copies and saves it', async () => {
    expect(ids.toolResult).toMatch(/^\d+$/);
    const viewer = await PayloadPage.open(browser, app);
    const isMonaco = (name: string) => /^(editor\.api|monaco-setup)-/.test(name);
    expect((await viewer.loadedScripts()).filter(isMonaco)).toEqual([]);
    await viewer.goTo(ids.toolResult);

    expect(await viewer.byTestId('payload-content-type').textContent()).toBe('application/json');
    expect(await viewer.byTestId('payload-size').getAttribute('title')).toBe(
      `${TOOL_RESULT.length.toLocaleString('en-US')} bytes`,
    );
    await viewer.page.locator('[data-testid="payload-editor"][data-ready]').waitFor();
    await expect.poll(() => viewer.editorText(), POLL).toContain('"status": "shipped",');
    const editorText = await viewer.editorText();
    expect(editorText).toContain('"carrier": {');
    expect(editorText).toContain('"name": "DHL",');

    await viewer.byTestId('payload-format-toggle').click();
    await expect.poll(() => viewer.editorText(), POLL).toContain('status: shipped');
    expect(await viewer.editorText()).toContain('  tracking: JD0146000033');
    expect(await viewer.editorText()).not.toContain('"status"');
    await viewer.byTestId('payload-copy').click();
    await expect
      .poll(() => viewer.clipboardText(), POLL)
      .toMatch(/^status: shipped\norder: 1234\ncarrier:\n/);

    await viewer.byTestId('payload-format-toggle').click();
    await expect.poll(() => viewer.editorText(), POLL).toContain('"status": "shipped",');
    await viewer.byTestId('payload-copy').click();
    await expect
      .poll(() => viewer.clipboardText(), POLL)
      .toBe(JSON.stringify(JSON.parse(TOOL_RESULT), null, 2));

    const downloading = viewer.page.waitForEvent('download');
    await viewer.byTestId('payload-save').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`payload-${ids.toolResult}.json`);
    expect(readFileSync(await download.path(), 'utf8')).toBe(TOOL_RESULT);

    // Folding controls and find (Ctrl-F) are there; Open externally is offered for a stored body.
    await viewer.page
      .locator('[data-testid="payload-editor"] .margin-view-overlays .codicon-folding-expanded')
      .first()
      .waitFor();
    // Keyboard: Tab leaves the read-only editor instead of typing a tab; Ctrl-F opens find.
    await viewer.page.locator('[data-testid="payload-editor"] .view-lines').click();
    const isInEditor = () =>
      viewer.page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null);
    expect(await isInEditor()).toBe(true);
    await viewer.page.keyboard.press('Tab');
    expect(await isInEditor()).toBe(false);
    await viewer.page.locator('[data-testid="payload-editor"] .view-lines').click();
    await viewer.page.keyboard.press('Control+f');
    await viewer.page.locator('[data-testid="payload-editor"] .find-widget.visible').waitFor();
    expect(await viewer.byTestId('payload-open-external').isVisible()).toBe(true);

    expect(viewer.calls).toContain('payloads:get');
    // Monaco arrived as its own chunks, with the viewer.
    expect((await viewer.loadedScripts()).filter(isMonaco)).toHaveLength(2);
    expect((await viewer.probe()).cspViolations).toEqual([]);
    expect(viewer.problems).toEqual([]);
    await viewer.close();
  });

  it('shows a short body kept inline in its activity item without fetching it', async () => {
    const viewer = await PayloadPage.open(browser, app);
    await viewer.goTo(ids.toolArgs);
    await expect.poll(() => viewer.editorText(), POLL).toContain('"order": 1234');
    expect(viewer.calls).not.toContain('payloads:get');
    expect((await viewer.probe()).cspViolations).toEqual([]);
    expect(viewer.problems).toEqual([]);
    await viewer.close();
  });

  it('offers a 10 MB body as a download with a preview and stays responsive', async () => {
    expect(HUGE_BODY.length).toBeGreaterThan(5 * LARGE_PAYLOAD_BYTES);
    const viewer = await PayloadPage.open(browser, app);
    const from = await viewer.now();
    await viewer.goTo(ids.huge);

    await viewer.byTestId('payload-large').waitFor();
    const megabytes = (HUGE_BODY.length / 1024 / 1024).toFixed(1);
    expect(await viewer.byTestId('payload-large').textContent()).toContain(`${megabytes} MB`);
    expect(await viewer.byTestId('payload-preview').textContent()).toMatch(/^\{"rows":\[\{"id":0,/);
    expect(await viewer.byTestId('payload-editor').count()).toBe(0);
    // The page needed only the metadata, not the body.
    expect(viewer.calls).toContain('payloads:describe');
    expect(viewer.calls).not.toContain('payloads:get');

    // The page still reacts: Download fetches the whole body and saves it exactly.
    const downloading = viewer.page.waitForEvent('download');
    await viewer.byTestId('payload-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`payload-${ids.huge}.json`);
    expect(readFileSync(await download.path(), 'utf8') === HUGE_BODY).toBe(true);
    await viewer.page.locator('[data-testid="payload-download"]:not([disabled])').waitFor();

    // Only a guard against a freeze (the benchmark measures): no task near a second.
    expect(await viewer.longestTaskSince(from)).toBeLessThan(1000);
    expect((await viewer.probe()).cspViolations).toEqual([]);
    expect(viewer.problems).toEqual([]);
    await viewer.close();
  });

  it('says so when the payload is not in the store', async () => {
    const viewer = await PayloadPage.open(browser, app);
    await viewer.goTo('987654');
    await viewer.byTestId('payload-missing').waitFor();
    expect(await viewer.byTestId('payload-missing').textContent()).toContain('987654');
    expect(viewer.problems).toEqual([]);
    await viewer.close();
  });
});
