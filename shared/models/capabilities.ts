import { z } from 'zod';
import type { ControlAction, SessionStatus } from './status';
import { actionsForStatus, CONTROL_ACTIONS } from './status';

/** What a target's API can do, discovered by its connector. */
export const TargetCapabilities = z.object({
  pause: z.boolean(),
  resume: z.boolean(),
  respond: z.boolean(),
  cancel: z.boolean(),
  delete: z.boolean(),
});
export type TargetCapabilities = z.infer<typeof TargetCapabilities>;

/** What the user may do on a target: the credentials' scopes and the read-only switch. */
export interface TargetPermissions {
  readOnly: boolean;
  /** Actions the credentials were refused (a 401/403 or a missing scope), with the reason. */
  denied: Partial<Record<ControlAction, string>>;
}

export interface ActionAvailability {
  action: ControlAction;
  enabled: boolean;
  /** Why the action is disabled, in words for a tooltip; null when enabled. */
  reason: string | null;
}

/**
 * The actions the status rules offer for a session, each enabled or disabled with a reason
 * given what the target supports and what the user may do.
 */
export function describeActions(
  status: SessionStatus,
  capabilities: TargetCapabilities,
  permissions: TargetPermissions,
): ActionAvailability[] {
  return actionsForStatus(status).map((action) => {
    const reason = !capabilities[action]
      ? `This target's API cannot ${action} sessions`
      : permissions.readOnly
        ? 'This target is read-only (Targets → Edit to change)'
        : (permissions.denied[action] ?? null);
    return { action, enabled: reason === null, reason };
  });
}

export const ALL_CAPABILITIES: TargetCapabilities = Object.fromEntries(
  CONTROL_ACTIONS.map((a) => [a, true]),
) as TargetCapabilities;
