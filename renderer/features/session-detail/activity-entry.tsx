import type { ActivityItem, ToolCall } from '@shared/models/activity';
import { memo } from 'react';
import { Markdown } from '../../components/markdown';
import { formatAbsolute, formatDuration } from '../../lib/format';
import { ACTION_LABELS } from '../../lib/labels';
import { formatRoute } from '../../lib/route';
import { PayloadView } from '../payload-viewer/payload-view';

const KIND_LABELS: Record<ActivityItem['kind'], string> = {
  message: 'Message',
  reasoning: 'Thought',
  'tool-call': 'Tool call',
  error: 'Error',
  control: 'Control',
  'input-wait': 'Waiting for input',
  link: 'Called',
  step: 'Step',
  event: 'Event',
};

const TOOL_STATE_LABELS: Record<ToolCall['state'], string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
  running: 'Running',
  waiting: 'Waiting',
};

/** "+4.2 s" from the session's start, exact time on hover. */
export function Offset({ at, startedAt }: { at: number | null; startedAt: number | null }) {
  if (at === null) return <span className="feed-time">—</span>;
  const offset = startedAt === null ? null : Math.max(0, at - startedAt);
  return (
    <time className="feed-time" dateTime={new Date(at).toISOString()} title={formatAbsolute(at)}>
      {offset === null ? formatAbsolute(at) : `+${formatDuration(offset)}`}
    </time>
  );
}

/** A message's text, or its stored full body when the text is an excerpt. */
export function MessageText({ item }: { item: ActivityItem }) {
  return (
    <>
      <Markdown text={item.text ?? ''} />
      {item.body && !item.body.isComplete && (
        <a className="feed-more" href={formatRoute({ view: 'payload', payloadId: item.body.id })}>
          Open the full message ({formatBytes(item.body.byteSize)})
        </a>
      )}
    </>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A tool call's state, timing, retries, arguments, result and error. */
export function ToolCallDetails({ tool }: { tool: ToolCall }) {
  return (
    <div className="tool-details" data-testid="tool-details">
      {tool.state === 'failed' && (
        <p className="tool-error" data-testid="tool-error">
          <span className="badge is-danger">{tool.errorCategory ?? 'error'}</span>{' '}
          {tool.errorMessage ?? 'The tool failed'}
          {tool.retryCount > 0 && (
            <span className="tool-retries" data-testid="tool-retries">
              {' '}
              · {tool.retryCount} {tool.retryCount === 1 ? 'retry' : 'retries'}
            </span>
          )}
        </p>
      )}
      {tool.state === 'canceled' && (
        <p className="muted">Canceled after {formatDuration(tool.durationMs)}.</p>
      )}
      {(tool.state === 'running' || tool.state === 'waiting') && (
        <p className="muted" data-testid="tool-live">
          <span className="spinner" aria-hidden="true" /> {TOOL_STATE_LABELS[tool.state]}…
        </p>
      )}
      {tool.args && (
        <section>
          <h4>Arguments</h4>
          <PayloadView
            source={{ kind: 'ref', ref: tool.args }}
            title={`${tool.name} arguments`}
            height={160}
          />
        </section>
      )}
      {tool.result && (
        <section>
          <h4>Result</h4>
          <PayloadView
            source={{ kind: 'ref', ref: tool.result }}
            title={`${tool.name} result`}
            height={220}
          />
        </section>
      )}
    </div>
  );
}

export function ToolSummary({ tool }: { tool: ToolCall }) {
  return (
    <span className="tool-summary">
      <code>{tool.name}</code>
      <span className={`tool-state tool-${tool.state}`} data-testid="tool-state" data-state={tool.state}>
        {TOOL_STATE_LABELS[tool.state]}
      </span>
      {tool.durationMs !== null && <span className="muted">{formatDuration(tool.durationMs)}</span>}
      {tool.retryCount > 0 && (
        <span className="muted">
          {tool.retryCount} {tool.retryCount === 1 ? 'retry' : 'retries'}
        </span>
      )}
    </span>
  );
}

interface EntryProps {
  item: ActivityItem;
  startedAt: number | null;
  isExpanded: boolean;
  onToggle: (id: string) => void;
  /** The form that answers an input wait, when the session can take an answer now. */
  respondForm: React.ReactNode;
}

/** One entry of the activity feed. Tool calls expand in place; the feed keeps which are open. */
export const ActivityEntry = memo(function ActivityEntry({
  item,
  startedAt,
  isExpanded,
  onToggle,
  respondForm,
}: EntryProps) {
  return (
    <article
      className={`feed-entry feed-${item.kind}`}
      data-testid="feed-entry"
      data-kind={item.kind}
      data-seq={item.seq}
    >
      <div className="feed-gutter">
        <Offset at={item.at} startedAt={startedAt} />
      </div>
      <div className="feed-body">
        <div className="feed-head">
          <span className="feed-kind">
            {item.kind === 'message' ? roleLabel(item) : KIND_LABELS[item.kind]}
          </span>
          {item.title && item.kind !== 'tool-call' && <span className="feed-title">{item.title}</span>}
          {item.tool && (
            <button
              type="button"
              className="link-button"
              aria-expanded={isExpanded}
              data-testid="tool-toggle"
              onClick={() => onToggle(item.id)}
            >
              <ToolSummary tool={item.tool} /> <span aria-hidden="true">{isExpanded ? '▾' : '▸'}</span>
            </button>
          )}
        </div>
        <EntryContent item={item} isExpanded={isExpanded} respondForm={respondForm} />
      </div>
    </article>
  );
});

function roleLabel(item: ActivityItem): string {
  switch (item.role) {
    case 'user':
      return 'User';
    case 'assistant':
      return 'Assistant';
    case 'system':
      return 'System';
    case 'tool':
      return 'Tool output';
    default:
      return 'Message';
  }
}

function EntryContent({
  item,
  isExpanded,
  respondForm,
}: {
  item: ActivityItem;
  isExpanded: boolean;
  respondForm: React.ReactNode;
}) {
  switch (item.kind) {
    case 'message':
    case 'reasoning':
      return <MessageText item={item} />;
    case 'tool-call':
      return item.tool && isExpanded ? <ToolCallDetails tool={item.tool} /> : null;
    case 'error':
      return <p className="feed-error">{item.text ?? 'Error'}</p>;
    case 'control':
      return item.control ? (
        <p data-testid="control-entry">
          {ACTION_LABELS[item.control.action]} {item.control.phase} by{' '}
          <strong>{item.control.by || 'unknown'}</strong>
          {item.control.detail ? ` — ${item.control.detail}` : ''}
        </p>
      ) : null;
    case 'input-wait':
      return (
        <div data-testid="input-wait">
          {item.text && <MessageText item={item} />}
          {respondForm}
        </div>
      );
    case 'link':
      return item.link ? <LinkedSession item={item} /> : null;
    case 'step':
    case 'event':
      return item.text ? <pre className="plain-text">{item.text}</pre> : null;
  }
}

function LinkedSession({ item }: { item: ActivityItem }) {
  const link = item.link!;
  const name = link.name ?? link.sessionRemoteId ?? link.runRemoteId ?? 'a session';
  const relation = { called: 'Called', member: 'Team member', step: 'Workflow step', parent: 'Called by' }[
    link.relation
  ];
  return (
    <p data-testid="linked-session">
      {relation}{' '}
      {link.sessionId === item.sessionId ? (
        // A team member's or workflow step's run inside this same session.
        <a
          href={formatRoute({ view: 'session', sessionId: item.sessionId, tab: 'runs' })}
          data-testid="linked-run-open"
        >
          {name}
          {link.runRemoteId ? ` · run ${link.runRemoteId}` : ''}
        </a>
      ) : link.sessionId ? (
        <a
          href={formatRoute({ view: 'session', sessionId: link.sessionId })}
          data-testid="linked-session-open"
        >
          {name}
        </a>
      ) : (
        <>
          <strong>{name}</strong>{' '}
          <span
            className="muted"
            title="That session's target is not synced here: only what this feed says is known"
          >
            (not in the local store{link.sessionRemoteId ? ` · ${link.sessionRemoteId}` : ''}
            {link.runRemoteId ? ` · run ${link.runRemoteId}` : ''})
          </span>
        </>
      )}
    </p>
  );
}
