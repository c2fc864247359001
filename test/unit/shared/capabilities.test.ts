import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES, describeActions } from '@shared/models/capabilities';

const open = { readOnly: false, denied: {} };

describe('describeActions', () => {
  it('enables every action the status allows when the target can do it', () => {
    expect(describeActions('running', ALL_CAPABILITIES, open)).toEqual([
      { action: 'pause', enabled: true, reason: null },
      { action: 'cancel', enabled: true, reason: null },
    ]);
  });

  it('disables an action the target cannot perform, with the reason', () => {
    const [pause, cancel] = describeActions('running', { ...ALL_CAPABILITIES, pause: false }, open);
    expect(pause).toMatchObject({ action: 'pause', enabled: false });
    expect(pause?.reason).toMatch(/cannot pause/);
    expect(cancel?.enabled).toBe(true);
  });

  it('disables everything on a read-only target and explains why', () => {
    const actions = describeActions('paused', ALL_CAPABILITIES, { readOnly: true, denied: {} });
    expect(actions.map((a) => a.enabled)).toEqual([false, false]);
    expect(actions[0]?.reason).toMatch(/read-only/);
  });

  it('passes on the reason a credential was refused', () => {
    const actions = describeActions('completed', ALL_CAPABILITIES, {
      readOnly: false,
      denied: { delete: 'The key lacks the sessions:write scope' },
    });
    expect(actions).toEqual([
      { action: 'delete', enabled: false, reason: 'The key lacks the sessions:write scope' },
    ]);
  });
});
