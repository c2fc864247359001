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
    const reason = actionBlocker(action, capabilities, permissions);
    return { action, enabled: reason === null, reason };
  });
}

/** Why a target or the user's rights block an action, or null when nothing does. */
export function actionBlocker(
  action: ControlAction,
  capabilities: TargetCapabilities,
  permissions: TargetPermissions,
): string | null {
  if (!capabilities[action]) return `This target's API cannot ${action} sessions`;
  if (permissions.readOnly) return 'This target is read-only (Targets → Edit to change)';
  return permissions.denied[action] ?? null;
}

export const ALL_CAPABILITIES: TargetCapabilities = Object.fromEntries(
  CONTROL_ACTIONS.map((a) => [a, true]),
) as TargetCapabilities;
