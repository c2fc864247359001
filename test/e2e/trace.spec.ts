import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSpan } from '@shared/models/ingest';
import { storeSessionDetail } from '../../electron/main/db/session-detail-repo';
import { createTarget } from '../../electron/main/db/targets-repo';
import { makeDetail, NOW } from '../unit/db/helpers';
import { createTempCore } from '../support/temp-core';
import { makeTraceSpans, spanIdOf } from '../support/trace-spans';
import { AppPage } from './pages/app-page';
import { TracePage } from './pages/trace-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// A session of 301 spans (a 4-ary tree of 300, one failed tool call with logs, one span whose
// parent was never stored) written through the real repositories, then browsed in Chromium.

const ERROR_SPAN = 37;
const REFUND_SPAN = 250;
const ORPHAN_ID = 'orphan-span-0001';

function traceSpans(): IngestSpan[] {
  const spans = makeTraceSpans(300, { fanout: 4 });
  const failed = spans[ERROR_SPAN]!;
  spans[ERROR_SPAN] = {
    ...failed,
    name: 'execute_tool lookup_order',
    status: 'error',
    statusMessage: 'Order 1234 not found',
    attributes: {
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.arguments': '{"order_id":1234,"include":["items","refunds"]}',
      'error.type': 'NotFoundError',
    },
    events: [
      { name: 'log', timeNs: failed.startNs + 2_000n, attributes: { 'log.message': 'calling orders API' } },
      { name: 'exception', timeNs: failed.startNs + 9_000n, attributes: { 'exception.message': 'HTTP 404' } },
    ],
  };
  spans[REFUND_SPAN] = { ...spans[REFUND_SPAN]!, name: 'execute_tool refund_order' };
  spans.push({
    ...spans[3]!,
    spanId: ORPHAN_ID,
    parentSpanId: 'never-stored-parent',
    name: 'late callback',
    startNs: spans[0]!.endNs! + 1_000_000n,
    endNs: spans[0]!.endNs! + 3_000_000n,
  });
  return spans;
}

let dataDir: string;
let sessionId: string;
let app: WebApp;
let browser: Browser;
let ui: AppPage;
let trace: TracePage;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-e2e-trace-'));
  const core = createTempCore({ dataDir });
  createTarget(
    core.deps.store,
    {
      id: 'target-1',
      name: 'Agents',
      kind: 'agentos',
      location: 'local',
      baseUrl: 'http://127.0.0.1:9',
      authMode: 'none',
      hasCredential: false,
      // Disabled: the app must not try to sync this made-up server.
      enabled: false,
      readOnly: false,
    },
    NOW,
  );
  sessionId = storeSessionDetail(core.deps.store, 'target-1', makeDetail({ spans: traceSpans() }), NOW);
  await core.close();
  [app, browser] = await Promise.all([startWebApp({ dataDir }), launchChromium()]);
  ui = await AppPage.open(browser, app);
  trace = new TracePage(ui.page);
  await trace.open(sessionId);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the trace tab', () => {
  it('shows the spans as a tree of rows with a count and duration', async () => {
    expect((await trace.shownSpanIds()).slice(0, 3)).toEqual([spanIdOf(0), spanIdOf(1), spanIdOf(5)]);
    expect(await trace.page.getByTestId('trace-span-count').textContent()).toBe('301 spans');
    expect(await trace.page.getByTestId('trace-duration').textContent()).toBe(
      '1.00 m 00 s'.replace('1.00 ', '1 '),
    );
    expect(await trace.row(spanIdOf(0)).getAttribute('aria-level')).toBe('1');
    expect(await trace.row(spanIdOf(5)).getAttribute('aria-level')).toBe('3');
  });

  it('hides the children of a collapsed span and shows them again', async () => {
    await trace.row(spanIdOf(5)).waitFor();
    await trace.toggle(spanIdOf(1));
    await trace.row(spanIdOf(5)).waitFor({ state: 'detached' });
    expect(await trace.row(spanIdOf(1)).getAttribute('aria-expanded')).toBe('false');
    await trace.toggle(spanIdOf(1));
    await trace.row(spanIdOf(5)).waitFor();

    // Collapsed to the roots: the span whose parent is missing is a root of its own.
    await trace.page.getByTestId('trace-collapse-all').click();
    await expect.poll(() => trace.shownSpanIds()).toEqual([spanIdOf(0), ORPHAN_ID]);
    expect(await trace.row(ORPHAN_ID).getAttribute('aria-level')).toBe('1');
  });

  it('finds a span by name, expanding its ancestors, selecting it and showing its details', async () => {
    await trace.search('REFUND_order');
    await expect.poll(() => trace.matchCount().textContent()).toBe('1 of 1');
    await trace.row(spanIdOf(REFUND_SPAN)).waitFor();
    expect(await trace.row(spanIdOf(REFUND_SPAN)).getAttribute('aria-selected')).toBe('true');
    expect(await trace.row(spanIdOf(REFUND_SPAN)).locator('mark').textContent()).toBe('refund_order');
    await expect.poll(() => trace.detail().locator('h2').textContent()).toBe('execute_tool refund_order');
    expect(await trace.attribute('span.index').textContent()).toBe('250');
  });

  it('steps through matches found in attributes and logs, and shows the error span in full', async () => {
    await trace.search('lookup_order');
    // Every 5th span is a lookup_order tool call by name, and the failed one names it in attributes.
    await expect.poll(() => trace.matchCount().textContent()).toMatch(/^1 of \d+$/);
    await trace.search('HTTP 404');
    await expect.poll(() => trace.matchCount().textContent()).toBe('1 of 1');
    await trace.page.getByTestId('trace-search-next').click();
    expect(await trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(ERROR_SPAN));
    expect(await trace.selectedRow().getAttribute('data-status')).toBe('error');

    const detail = trace.detail();
    await expect.poll(() => detail.getByTestId('trace-detail-status').textContent()).toBe('error');
    expect(await detail.textContent()).toContain('Order 1234 not found');
    expect(await trace.attribute('error.type').textContent()).toBe('NotFoundError');
    // A JSON string attribute is shown indented.
    expect(await trace.attribute('gen_ai.tool.call.arguments').textContent()).toBe(
      JSON.stringify({ order_id: 1234, include: ['items', 'refunds'] }, null, 2),
    );
    const events = detail.getByTestId('trace-event');
    expect(await events.count()).toBe(2);
    expect(await events.nth(0).textContent()).toMatch(/^\+2 µslog.*calling orders API/);
    expect(await events.nth(1).textContent()).toContain('HTTP 404');
  });

  it('moves, collapses and expands with the keyboard', async () => {
    await trace.search('');
    await trace.page.getByTestId('trace-expand-all').click();
    await trace.tree().focus();
    await trace.page.keyboard.press('Home');
    await expect.poll(() => trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(0));
    await trace.page.keyboard.press('ArrowDown');
    await expect.poll(() => trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(1));
    await trace.page.keyboard.press('ArrowLeft');
    await trace.row(spanIdOf(5)).waitFor({ state: 'detached' });
    await trace.page.keyboard.press('ArrowRight');
    await trace.row(spanIdOf(5)).waitFor();
    await trace.page.keyboard.press('ArrowRight');
    await expect.poll(() => trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(5));
    // Left collapses an expanded span, then goes to its parent.
    await trace.page.keyboard.press('ArrowLeft');
    await expect.poll(() => trace.row(spanIdOf(5)).getAttribute('aria-expanded')).toBe('false');
    await trace.page.keyboard.press('ArrowLeft');
    await expect.poll(() => trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(1));
    await trace.page.keyboard.press('Enter');
    expect(await trace.row(spanIdOf(1)).getAttribute('aria-expanded')).toBe('false');

    // Collapsing the parent of the selected span selects the parent; Escape clears the selection.
    await trace.page.keyboard.press('Enter');
    await trace.row(spanIdOf(6)).click();
    await expect.poll(() => trace.detail().locator('h2').textContent()).toBe('execute_tool lookup_order');
    await trace.toggle(spanIdOf(1));
    await expect.poll(() => trace.selectedRow().getAttribute('data-span-id')).toBe(spanIdOf(1));
    await trace.page.keyboard.press('Escape');
    await trace.detail().waitFor({ state: 'detached' });
    expect(await trace.selectedRow().count()).toBe(0);
  });

  it('lists the raw spans as JSON, page by page', async () => {
    await trace.page.getByTestId('trace-mode-raw').click();
    const raw = trace.raw();
    const first = raw.getByTestId('trace-raw-span').first();
    await first.waitFor();
    const json = JSON.parse((await first.textContent()) ?? '') as { spanId: string; events: unknown[] };
    expect(json.spanId).toBe(spanIdOf(0));
    await expect.poll(() => raw.getByRole('status').textContent()).toBe('100 of 301 spans loaded');
    await raw.getByTestId('trace-raw-more').click();
    await expect.poll(() => raw.getByRole('status').textContent()).toMatch(/^(200|300) of 301 spans loaded$/);
    expect(ui.problems).toEqual([]);
  });
});
