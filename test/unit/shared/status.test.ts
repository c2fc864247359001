import { describe, expect, it } from 'vitest';
import {
  actionsForSelection,
  actionsForStatus,
  isLive,
  isTerminal,
  SESSION_STATUSES,
  transitionalStatusFor,
  type SessionStatus,
} from '@shared/models/status';

describe('actions by status', () => {
  it.each([
    ['running', ['pause', 'cancel']],
    ['pausing', []],
    ['paused', ['resume', 'cancel']],
    ['canceling', []],
    ['completed', ['delete']],
    ['failed', ['delete']],
    ['canceled', ['delete']],
    ['waiting', ['respond', 'cancel']],
    ['pending', ['cancel']],
    ['queued', ['cancel']],
  ] as const)('%s offers %j', (status, expected) => {
    expect(actionsForStatus(status)).toEqual(expected);
  });

  it('never offers delete for a session that can still change', () => {
    for (const status of SESSION_STATUSES) {
      expect(actionsForStatus(status).includes('delete')).toBe(isTerminal(status));
    }
  });
});

describe('actions for a multi-selection', () => {
  it('offers only the actions valid for every selected session', () => {
    expect(actionsForSelection(['running', 'paused'])).toEqual(['cancel']);
    expect(actionsForSelection(['running', 'running'])).toEqual(['pause', 'cancel']);
    expect(actionsForSelection(['completed', 'failed', 'canceled'])).toEqual(['delete']);
    expect(actionsForSelection(['paused', 'waiting', 'queued'])).toEqual(['cancel']);
  });

  it('offers nothing when one selected session allows nothing or the sets do not meet', () => {
    expect(actionsForSelection(['running', 'pausing'])).toEqual([]);
    expect(actionsForSelection(['running', 'completed'])).toEqual([]);
    expect(actionsForSelection([])).toEqual([]);
  });

  it('equals the brute-force intersection for every pair and triple of statuses', () => {
    for (const a of SESSION_STATUSES) {
      for (const b of SESSION_STATUSES) {
        for (const c of SESSION_STATUSES) {
          const selection: SessionStatus[] = [a, b, c];
          const expected = actionsForStatus(a).filter(
            (action) => actionsForStatus(b).includes(action) && actionsForStatus(c).includes(action),
          );
          expect(actionsForSelection(selection)).toEqual(expected);
        }
      }
    }
  });
});

describe('status classes', () => {
  it('treats paused as neither live nor terminal', () => {
    expect(isLive('paused')).toBe(false);
    expect(isTerminal('paused')).toBe(false);
    expect(isLive('running')).toBe(true);
    expect(isLive('canceling')).toBe(true);
    expect(isLive('failed')).toBe(false);
  });

  it('shows pausing and canceling while a request is in flight', () => {
    expect(transitionalStatusFor('pause')).toBe('pausing');
    expect(transitionalStatusFor('cancel')).toBe('canceling');
    expect(transitionalStatusFor('resume')).toBeNull();
  });
});
