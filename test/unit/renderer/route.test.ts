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
    { view: 'targets' },
    { view: 'settings' },
  ];

  it.each(routes)('round-trips %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('falls back to the sessions list for an unknown or empty hash', () => {
    expect(parseRoute('')).toEqual({ view: 'sessions' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'sessions' });
    expect(parseRoute('#/sessions/42/nowhere')).toEqual({ view: 'session', sessionId: '42' });
  });
});
