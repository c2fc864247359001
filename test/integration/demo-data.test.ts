import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_STATUSES } from '@shared/models/status';
import { TRIGGER_TYPES } from '@shared/models/session';
import { buildDemoSessions } from '../../electron/main/demo/demo-data';
import { DEMO_TARGET_ID, loadDemoData } from '../../electron/main/demo/load-demo';
import { getSettings, setSetting } from '../../electron/main/db/settings-repo';
import { getTarget } from '../../electron/main/db/targets-repo';
import { createTempCore, type TempCore } from '../support/temp-core';

let cores: TempCore[] = [];
afterEach(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  cores = [];
});

const NOW = Date.UTC(2026, 10, 2, 12);

describe('demo data', () => {
  it('is deterministic for a given clock and covers every kind, status and trigger type', () => {
    const sessions = buildDemoSessions(NOW);
    expect(JSON.stringify(buildDemoSessions(NOW))).toBe(JSON.stringify(sessions));
    const all = sessions.map((d) => d.session);
    expect(new Set(all.map((s) => s.kind))).toEqual(new Set(['agent', 'team', 'workflow']));
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(SESSION_STATUSES));
    expect(new Set(all.map((s) => s.trigger.type))).toEqual(new Set(TRIGGER_TYPES));
    const activity = sessions.flatMap((d) => d.activity);
    expect(activity.some((a) => a.tool?.state === 'failed' && a.tool.retryCount > 0)).toBe(true);
    expect(activity.some((a) => a.kind === 'input-wait')).toBe(true);
    expect(activity.some((a) => a.kind === 'reasoning')).toBe(true);
    expect(activity.some((a) => a.kind === 'link' && a.link?.sessionRemoteId)).toBe(true);
    expect(all.some((s) => s.parentRemoteId !== null)).toBe(true);
    expect(Math.max(...sessions.map((d) => d.activity.length))).toBeGreaterThan(300);
    expect(all.every((s) => (s.startedAt ?? s.queuedAt ?? 0) <= NOW)).toBe(true);
  });

  it('loads into the store under a disabled, read-only target, and again without duplicates', () => {
    const core = createTempCore({ now: () => NOW });
    cores.push(core);
    const started = performance.now();
    const first = loadDemoData(core.deps.store, NOW);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(getTarget(core.deps.db, DEMO_TARGET_ID)).toMatchObject({
      name: 'Demo data',
      enabled: false,
      readOnly: true,
    });
    const count = () => (core.deps.db.prepare('select count(*) as n from sessions').get() as { n: number }).n;
    expect(count()).toBe(first.sessions);
    loadDemoData(core.deps.store, NOW + 60_000);
    expect(count()).toBe(first.sessions);
  });
});

describe('settings', () => {
  it('stores JSON values by key, replaces them and removes them with null', () => {
    const core = createTempCore();
    cores.push(core);
    expect(getSettings(core.deps.db, ['sessions.view'])).toEqual({});
    setSetting(core.deps.store, 'sessions.view', { kinds: ['agent'], text: 'refund' });
    setSetting(core.deps.store, 'sessions.view', { kinds: ['team'] });
    expect(getSettings(core.deps.db, ['sessions.view', 'other'])).toEqual({
      'sessions.view': { kinds: ['team'] },
    });
    setSetting(core.deps.store, 'sessions.view', null);
    expect(getSettings(core.deps.db, ['sessions.view'])).toEqual({});
  });
});
