import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../../renderer/lib/route';

describe('hash routes', () => {
  const routes: Route[] = [
    { view: 'sessions' },
    { view: 'session', sessionId: 'a/b c' },
    { view: 'session', sessionId: '42', tab: 'trace' },
    { view: 'payload', payloadId: '7' },
    { view: 'compare', left: 's1', right: 's2' },
    { view: 'compare', left: null, right: null },
    { view: 'compare', left: 's1', right: null },
    { view: 'compare', left: 's1', leftRun: 'r1', right: 's1', rightRun: 'r2', tab: 'tools' },
    { view: 'compare', left: 's1', right: 's2', rightRun: 'r 9', tab: 'errors' },
    { view: 'targets' },
    { view: 'settings' },
  ];

  it.each(routes)('round-trips %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('keeps the existing compare links working and drops what does not belong', () => {
    expect(parseRoute('#/compare?left=4&right=7')).toEqual({ view: 'compare', left: '4', right: '7' });
    expect(formatRoute({ view: 'compare', left: '4', right: '7', tab: 'all' })).toBe(
      '#/compare?left=4&right=7',
    );
    expect(parseRoute('#/compare?leftRun=r1&right=7&tab=nowhere')).toEqual({
      view: 'compare',
      left: null,
      right: '7',
    });
  });

  it('falls back to the sessions list for an unknown or empty hash', () => {
    expect(parseRoute('')).toEqual({ view: 'sessions' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'sessions' });
    expect(parseRoute('#/sessions/42/nowhere')).toEqual({ view: 'session', sessionId: '42' });
  });
});
