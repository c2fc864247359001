import { actionsForStatus, isTerminal } from '@shared/models/status';
import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { Markdown } from '../../components/markdown';
import { StatusBadge } from '../../components/status-badge';
import { formatAbsolute, formatRelative } from '../../lib/format';
import { ACTION_LABELS, KIND_LABELS, TRIGGER_LABELS } from '../../lib/labels';
import { DETAIL_TABS, formatRoute, type DetailTab } from '../../lib/route';
import { selectTargetById } from '../../state/targets-slice';
import { useStore } from '../../state/store';
import { CompareWithButton } from '../compare/compare-with';
import { TracePanel } from '../trace/trace-panel';
import { formatBytes } from './activity-entry';
import { ActivityTab } from './activity-tab';
import { ConversationTab } from './conversation-tab';
import { MetadataTab } from './metadata-tab';
import { RunsTab } from './runs-tab';

const TAB_LABELS: Record<DetailTab, string> = {
  conversation: 'Conversation',
  activity: 'Activity',
  runs: 'Runs',
  metadata: 'Metadata',
  trace: 'Trace',
};

/** One session: what it was asked, what it did, and what can be done to it now. */
export function SessionDetailView({ sessionId, tab }: { sessionId: string; tab: DetailTab }) {
  const status = useStore((state) => (state.detailId === sessionId ? state.detailStatus : 'loading'));
  const error = useStore((state) => state.detailError);
  const openDetail = useStore((state) => state.openDetail);
  const targetsLoaded = useStore((state) => state.targetsLoaded);
  const loadTargets = useStore((state) => state.loadTargets);
  useEffect(() => {
    void openDetail(sessionId);
  }, [openDetail, sessionId]);
  useEffect(() => {
    if (!targetsLoaded) void loadTargets();
  }, [targetsLoaded, loadTargets]);

  if (status === 'missing') {
    return (
      <section className="view" data-testid="session-detail-view">
        <EmptyState title="Session not in the local store" testId="detail-missing">
          No synced session has the id <code>{sessionId}</code>. It may have been deleted, or its target
          removed.
        </EmptyState>
      </section>
    );
  }
  if (status === 'error') {
    return (
      <section className="view" data-testid="session-detail-view">
        <EmptyState title="Could not open the session">{error}</EmptyState>
      </section>
    );
  }
  if (status !== 'ready') {
    return (
      <section className="view" data-testid="session-detail-view" aria-busy="true">
        <p className="muted">Opening the session…</p>
      </section>
    );
  }
  return <LoadedDetail sessionId={sessionId} tab={tab} />;
}

function LoadedDetail({ sessionId, tab }: { sessionId: string; tab: DetailTab }) {
  const detail = useStore((state) => state.detail)!;
  const { session } = detail;
  const target = useStore(selectTargetById(session.targetId));
  const actions = useStore((state) => state.detailActions);
  const canRespond = actions?.some((a) => a.action === 'respond' && a.enabled) ?? false;
  const now = useStore((state) => state.now);
  const counts: Partial<Record<DetailTab, number>> = {
    activity: detail.activityTotal,
    runs: detail.runs.length,
    trace: detail.spanCount,
  };
  return (
    <section className="view session-detail" data-testid="session-detail-view" data-session-id={sessionId}>
      <DetailHeader />
      {(session.prompt || session.summary) && (
        <section className="detail-summary" data-testid="detail-prompt">
          {session.prompt && (
            <>
              <h2>Prompt</h2>
              <div className="prompt-text">{session.prompt}</div>
              {detail.promptBody && (
                <a href={formatRoute({ view: 'payload', payloadId: detail.promptBody.id })}>
                  Open the full prompt ({formatBytes(detail.promptBody.byteSize)})
                </a>
              )}
            </>
          )}
          {session.summary && (
            <details>
              <summary>Summary</summary>
              <Markdown text={session.summary} />
            </details>
          )}
        </section>
      )}
      <nav className="detail-tabs" role="tablist" aria-label="Session views">
        {DETAIL_TABS.map((t) => (
          <a
            key={t}
            role="tab"
            aria-selected={t === tab}
            className={`detail-tab ${t === tab ? 'is-active' : ''}`}
            data-testid={`detail-tab-${t}`}
            href={formatRoute({ view: 'session', sessionId, tab: t === 'conversation' ? undefined : t })}
          >
            {TAB_LABELS[t]}
            {counts[t] !== undefined && <span className="count">{counts[t]!.toLocaleString()}</span>}
          </a>
        ))}
        {canRespond && tab !== 'activity' && (
          <a
            className="detail-needs-input"
            href={formatRoute({ view: 'session', sessionId, tab: 'activity' })}
          >
            Waiting for your input — respond
          </a>
        )}
        <span className="muted detail-synced" title={formatAbsolute(session.syncedAt)}>
          Synced {formatRelative(session.syncedAt, now)}
        </span>
      </nav>
      <div className="detail-panel">
        {tab === 'conversation' && <ConversationTab />}
        {tab === 'activity' && <ActivityTab canRespond={canRespond} />}
        {tab === 'runs' && <RunsTab />}
        {tab === 'metadata' && <MetadataTab target={target} />}
        {tab === 'trace' && <TracePanel sessionId={sessionId} spanCount={detail.spanCount} />}
      </div>
    </section>
  );
}

function DetailHeader() {
  const session = useStore((state) => state.detail!.session);
  const target = useStore(selectTargetById(session.targetId));
  const actions = useStore((state) => state.detailActions);
  const requestAction = useStore((state) => state.requestAction);
  const exportDetail = useStore((state) => state.exportDetail);
  const label = session.name ?? session.component.name ?? session.remoteId;
  return (
    <header className="detail-header" data-testid="detail-header">
      <div className="detail-title">
        <a href={formatRoute({ view: 'sessions' })} className="back-link">
          ← Sessions
        </a>
        <h1 data-testid="detail-name">{label}</h1>
        <StatusBadge status={session.status} />
      </div>
      <div className="detail-facts">
        <span>{KIND_LABELS[session.kind]}</span>
        <span data-testid="detail-target">
          {target?.name ?? session.targetId}
          {target && <span className={`badge location-${target.location}`}>{target.location}</span>}
        </span>
        <span data-testid="detail-trigger">
          {TRIGGER_LABELS[session.trigger.type]}
          {session.trigger.source ? ` · ${session.trigger.source}` : ''}
        </span>
        {session.models.length > 0 && <span>{session.models.join(', ')}</span>}
      </div>
      <div className="detail-actions">
        {actionsForStatus(session.status)
          .filter((action) => action !== 'respond')
          .map((action) => {
            const known = actions?.find((a) => a.action === action);
            return (
              <button
                key={action}
                type="button"
                className={`button ${action === 'cancel' || action === 'delete' ? 'danger-outline' : ''}`}
                data-testid={`detail-action-${action}`}
                disabled={!known?.enabled}
                title={actions === null ? 'Checking what this target allows…' : (known?.reason ?? undefined)}
                onClick={() => requestAction(action, [session.id], label)}
              >
                {ACTION_LABELS[action]}
              </button>
            );
          })}
        <CompareWithButton sessionId={session.id} />
        <button
          type="button"
          className="button"
          data-testid="detail-export"
          onClick={() => void exportDetail()}
        >
          Export
        </button>
        {!isTerminal(session.status) && <span className="muted live-hint">Live</span>}
      </div>
    </header>
  );
}
