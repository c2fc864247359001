import type { ActionAvailability, TargetCapabilities } from '@shared/models/capabilities';
import { actionBlocker } from '@shared/models/capabilities';
import type { ControlAction, SessionStatus } from '@shared/models/status';
import {
  actionsForSelection,
  actionsForStatus,
  isTerminal,
  transitionalStatusFor,
} from '@shared/models/status';
import { describeSourceError } from '@shared/models/sync';
import type { Target } from '@shared/models/target';
import { recordControlEntry } from '../db/control-repo';
import { listRuns } from '../db/session-detail-repo';
import { deleteSession, getSession } from '../db/sessions-repo';
import type { Store } from '../db/store';
import { markChanged } from '../db/store';
import { sessionSource, setSessionStatus } from '../db/sync-repo';
import { getTarget } from '../db/targets-repo';
import type { Discovery, SessionRef } from '../sync/connector';
import { toSourceError } from '../sync/errors';
import { sleep } from '../sync/retry';
import type { SyncService } from '../sync/sync-service';

export interface ControlOutcome {
  sessionId: string;
  action: ControlAction;
  ok: boolean;
  /** The session's status after the request: transitional until the source confirms. */
  status: SessionStatus | null;
  /** Why it was refused or failed, in words for the UI; null when it went through. */
  error: { code: string; message: string } | null;
}

export interface ControlServiceOptions {
  store: Store;
  sync: SyncService;
  now: () => number;
  /** Who the control entries name, e.g. the OS user. */
  actor: string;
  /** How long a pause or cancel may stay unconfirmed before it is reported as failed. */
  confirmTimeoutMs?: number;
  pollIntervalMs?: number;
}

const DISCOVERY_TTL_MS = 10 * 60_000;

/** Which statuses confirm that a requested action took effect at the source. */
const CONFIRMED_BY: Partial<Record<ControlAction, (status: SessionStatus) => boolean>> = {
  pause: (status) => status === 'paused' || status === 'waiting' || isTerminal(status),
  cancel: (status) => isTerminal(status),
};

/**
 * Pause, resume, respond, cancel and delete, for every connector and the UI. A request is
 * checked against the status rules, the target's capabilities and what the user may do, and
 * refused with a reason before anything is sent. Pause and cancel show Pausing / Canceling at
 * once and stay there until a refresh from the source confirms, or the deadline passes. Every
 * request and outcome is recorded as a control entry in the session's feed.
 */
export class ControlService {
  private readonly discoveries = new Map<string, { at: number; discovery: Discovery }>();
  private readonly watchers = new Map<string, Promise<void>>();
  private readonly stopController = new AbortController();

  constructor(private readonly options: ControlServiceOptions) {}

  /** The actions offered for a selection, each enabled or disabled with the reason. */
  async describe(sessionIds: readonly string[]): Promise<ActionAvailability[]> {
    const sessions = sessionIds.map((id) => this.loadSession(id));
    if (sessions.some((s) => s === null) || sessions.length === 0) return [];
    const loaded = sessions as NonNullable<(typeof sessions)[number]>[];
    const actions = actionsForSelection(loaded.map((s) => s.status));
    const reasons = new Map<ControlAction, string>();
    for (const { target } of uniqueTargets(loaded)) {
      const readOnly = target.readOnly || !target.enabled;
      if (readOnly) {
        // Nothing is ever sent to a read-only or disabled target, so there is nothing to ask it.
        const reason = `${target.name} is read-only or disabled: Tracedeck sends it no control actions`;
        for (const action of actions) if (!reasons.has(action)) reasons.set(action, reason);
        continue;
      }
      let capabilities: Awaited<ReturnType<ControlService['capabilitiesOf']>>;
      try {
        capabilities = await this.capabilitiesOf(target);
      } catch (caught) {
        const reason = `${target.name}: ${describeSourceError(toSourceError(caught).code)}`;
        for (const action of actions) if (!reasons.has(action)) reasons.set(action, reason);
        continue;
      }
      for (const action of actions) {
        const reason = actionBlocker(action, capabilities.capabilities, {
          readOnly,
          denied: capabilities.denied,
        });
        if (reason && !reasons.has(action)) reasons.set(action, reason);
      }
    }
    return actions.map((action) => ({
      action,
      enabled: !reasons.has(action),
      reason: reasons.get(action) ?? null,
    }));
  }

  /** Sends one action for one session; never throws, the outcome says what happened. */
  async request(sessionId: string, action: ControlAction, response?: unknown): Promise<ControlOutcome> {
    const refuse = (code: string, message: string): ControlOutcome => ({
      sessionId,
      action,
      ok: false,
      status: this.loadSession(sessionId)?.status ?? null,
      error: { code, message },
    });
    const loaded = this.loadSession(sessionId);
    if (!loaded) return refuse('not-found', 'This session is not in the local store');
    const { session, target, source } = loaded;
    if (!actionsForStatus(session.status).includes(action)) {
      return refuse('conflict', `A ${session.status} session cannot be ${pastTense(action)}`);
    }
    if (target.readOnly || !target.enabled) {
      return refuse('forbidden', `${target.name} is read-only: Tracedeck sends it no control actions`);
    }
    let capabilities: Awaited<ReturnType<ControlService['capabilitiesOf']>>;
    try {
      capabilities = await this.capabilitiesOf(target);
    } catch (caught) {
      const error = toSourceError(caught);
      return refuse(error.code, `${describeSourceError(error.code)} (${error.message})`);
    }
    if (!capabilities.capabilities[action])
      return refuse('unsupported', `This target's API cannot ${action} sessions`);
    const denied = capabilities.denied[action];
    if (denied) return refuse('forbidden', denied);

    const by = this.options.actor;
    const runs = listRuns(this.options.store.db, sessionId);
    const actionable = [...runs].reverse().find((run) => !isTerminal(run.status)) ?? runs.at(-1) ?? null;
    this.record(sessionId, action, 'requested', by, response === undefined ? null : summarize(response));
    const transitional = transitionalStatusFor(action);
    if (transitional) this.setStatus(sessionId, transitional);

    const ref: SessionRef = {
      remoteId: source.remoteId,
      kind: source.kind,
      scope: source.scope,
      updatedAt: null,
    };
    try {
      const connector = this.options.sync.connectorFor(target);
      await connector.control(
        {
          action,
          session: ref,
          runRemoteId: actionable?.remoteId ?? null,
          componentId: source.componentId,
          response,
        },
        AbortSignal.timeout(30_000),
      );
    } catch (caught) {
      const error = toSourceError(caught);
      if (error.code === 'auth' || error.code === 'forbidden') {
        capabilities.denied[action] = `${target.name} refused: ${error.detail ?? error.message}`;
      }
      if (transitional) this.setStatus(sessionId, session.status);
      const message = error.detail
        ? `${describeSourceError(error.code)} ${error.detail}`
        : describeSourceError(error.code);
      this.record(sessionId, action, 'failed', by, message);
      return { sessionId, action, ok: false, status: session.status, error: { code: error.code, message } };
    }

    if (action === 'delete') {
      this.record(sessionId, action, 'completed', by, null);
      deleteSession(this.options.store, sessionId);
      return { sessionId, action, ok: true, status: null, error: null };
    }
    const confirm = CONFIRMED_BY[action];
    if (confirm) {
      this.watch(sessionId, action, target.id, ref, confirm);
    } else {
      this.record(sessionId, action, 'completed', by, null);
      await this.options.sync.engine.refreshSessions(target.id, [ref]).catch(() => 0);
    }
    return { sessionId, action, ok: true, status: this.loadSession(sessionId)?.status ?? null, error: null };
  }

  /** The same action for many sessions, a few at a time, with an outcome per session. */
  async requestMany(
    sessionIds: readonly string[],
    action: ControlAction,
    response?: unknown,
  ): Promise<ControlOutcome[]> {
    const outcomes: ControlOutcome[] = [];
    for (let i = 0; i < sessionIds.length; i += 4) {
      const batch = sessionIds.slice(i, i + 4);
      outcomes.push(...(await Promise.all(batch.map((id) => this.request(id, action, response)))));
    }
    return outcomes;
  }

  /** Resolves when every pending confirmation has settled (tests, quit). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.watchers.values()]);
  }

  stop(): void {
    this.stopController.abort();
  }

  /**
   * Polls the source until it reports the action done, then records the confirmation. Past the
   * deadline the session goes back to what the source says and the entry records the failure.
   */
  private watch(
    sessionId: string,
    action: ControlAction,
    targetId: string,
    ref: SessionRef,
    isConfirmed: (status: SessionStatus) => boolean,
  ): void {
    const deadline = this.options.now() + (this.options.confirmTimeoutMs ?? 60_000);
    const signal = this.stopController.signal;
    const watcher = (async () => {
      while (!signal.aborted) {
        await sleep(this.options.pollIntervalMs ?? 1_000, signal).catch(() => undefined);
        if (signal.aborted) return;
        await this.options.sync.engine.refreshSessions(targetId, [ref], signal).catch(() => 0);
        const status = this.sourceStatus(sessionId);
        if (status === null) return;
        if (isConfirmed(status)) {
          this.record(sessionId, action, 'completed', this.options.actor, `Now ${status}`);
          return;
        }
        if (this.options.now() >= deadline) {
          const seconds = Math.round((this.options.confirmTimeoutMs ?? 60_000) / 1000);
          // The source still reports the session running: show that, and say the request failed.
          this.setStatus(sessionId, 'running');
          this.record(
            sessionId,
            action,
            'failed',
            this.options.actor,
            `The source did not confirm the ${action} within ${seconds} s; it still reports the session running`,
          );
          return;
        }
      }
    })().finally(() => this.watchers.delete(`${sessionId}:${action}`));
    this.watchers.set(`${sessionId}:${action}`, watcher);
  }

  /** The stored status, read after a refresh; the engine keeps Pausing/Canceling while unconfirmed. */
  private sourceStatus(sessionId: string): SessionStatus | null {
    return this.loadSession(sessionId)?.status ?? null;
  }

  private async capabilitiesOf(
    target: Target,
  ): Promise<{ capabilities: TargetCapabilities; denied: Partial<Record<ControlAction, string>> }> {
    const cached = this.discoveries.get(target.id);
    if (cached && this.options.now() - cached.at < DISCOVERY_TTL_MS) {
      return { capabilities: cached.discovery.capabilities, denied: cached.discovery.deniedActions };
    }
    const discovery = await this.options.sync.connectorFor(target).discover(AbortSignal.timeout(15_000));
    this.discoveries.set(target.id, { at: this.options.now(), discovery });
    return { capabilities: discovery.capabilities, denied: discovery.deniedActions };
  }

  private loadSession(sessionId: string) {
    const session = getSession(this.options.store.db, sessionId);
    const source = session ? sessionSource(this.options.store.db, sessionId) : null;
    const target = source ? getTarget(this.options.store.db, source.targetId) : null;
    if (!session || !source || !target) return null;
    return { session, source, target, status: session.status };
  }

  private setStatus(sessionId: string, status: SessionStatus): void {
    setSessionStatus(this.options.store.db, sessionId, status);
    markChanged(this.options.store, ['sessions']);
  }

  private record(
    sessionId: string,
    action: ControlAction,
    phase: 'requested' | 'completed' | 'failed',
    by: string,
    detail: string | null,
  ): void {
    recordControlEntry(this.options.store, sessionId, { action, phase, by, detail, at: this.options.now() });
  }
}

function uniqueTargets<T extends { target: Target }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.target.id) ? false : (seen.add(item.target.id), true)));
}

function pastTense(action: ControlAction): string {
  const words: Record<ControlAction, string> = {
    pause: 'paused',
    resume: 'resumed',
    respond: 'answered',
    cancel: 'canceled',
    delete: 'deleted',
  };
  return words[action];
}

function summarize(response: unknown): string {
  const text = typeof response === 'string' ? response : JSON.stringify(response);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
