import { z } from 'zod';
import { isOneOf } from './vocabulary';

/**
 * Every status a session or run can have in Tracedeck, whatever its source.
 * `pausing` and `canceling` are transitional: Tracedeck shows them from the moment a control
 * request is sent until the source confirms the new state.
 */
export const SESSION_STATUSES = [
  'pending',
  'queued',
  'running',
  'waiting',
  'pausing',
  'paused',
  'canceling',
  'canceled',
  'completed',
  'failed',
] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A zod-free check for the renderer, whose first chunk carries no schema library. */
export function isSessionStatus(value: unknown): value is SessionStatus {
  return isOneOf(SESSION_STATUSES, value);
}

/** Human labels, in the words peer monitors use. */
export const STATUS_LABELS: Record<SessionStatus, string> = {
  pending: 'Pending',
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting for input',
  pausing: 'Pausing',
  paused: 'Paused',
  canceling: 'Canceling',
  canceled: 'Canceled',
  completed: 'Completed',
  failed: 'Failed',
};

export const CONTROL_ACTIONS = ['pause', 'resume', 'respond', 'cancel', 'delete'] as const;
export const ControlAction = z.enum(CONTROL_ACTIONS);
export type ControlAction = z.infer<typeof ControlAction>;

/** Irreversible actions that the UI confirms before sending. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<ControlAction> = new Set(['cancel', 'delete']);

const ACTIONS_BY_STATUS: Record<SessionStatus, readonly ControlAction[]> = {
  pending: ['cancel'],
  queued: ['cancel'],
  running: ['pause', 'cancel'],
  waiting: ['respond', 'cancel'],
  pausing: [],
  paused: ['resume', 'cancel'],
  canceling: [],
  canceled: ['delete'],
  completed: ['delete'],
  failed: ['delete'],
};

/** True while a session can still change on its own: it is synced on a short interval. */
export function isLive(status: SessionStatus): boolean {
  return !isTerminal(status) && status !== 'paused';
}

/** True once a session can never change again at the source. */
export function isTerminal(status: SessionStatus): boolean {
  return status === 'canceled' || status === 'completed' || status === 'failed';
}

/** True while a control request is in flight and the source has not confirmed it. */
export function isTransitional(status: SessionStatus): boolean {
  return status === 'pausing' || status === 'canceling';
}

/** Actions the status rules allow for one session, in display order. */
export function actionsForStatus(status: SessionStatus): readonly ControlAction[] {
  return ACTIONS_BY_STATUS[status];
}

/**
 * Actions valid for every session of a multi-selection (the intersection of their allowed
 * actions), in display order. An empty selection allows nothing.
 */
export function actionsForSelection(statuses: Iterable<SessionStatus>): ControlAction[] {
  const selected = [...new Set(statuses)];
  if (selected.length === 0) return [];
  return CONTROL_ACTIONS.filter((action) =>
    selected.every((status) => ACTIONS_BY_STATUS[status].includes(action)),
  );
}

/** The status a session shows once a control request for `action` has been accepted. */
export function transitionalStatusFor(action: ControlAction): SessionStatus | null {
  if (action === 'pause') return 'pausing';
  if (action === 'cancel') return 'canceling';
  return null;
}
