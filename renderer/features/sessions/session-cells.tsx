import type { Session } from '@shared/models/session';
import { isLive } from '@shared/models/status';
import type { MouseEvent } from 'react';
import { StatusBadge } from '../../components/status-badge';
import {
  formatAbsolute,
  formatCost,
  formatCount,
  formatDuration,
  formatInteger,
  formatRelative,
} from '../../lib/format';
import { KIND_LABELS, TRIGGER_LABELS } from '../../lib/labels';
import { formatRoute } from '../../lib/route';
import { gestureOf } from '../../lib/selection';
import { selectIsRowSelected, selectRowAt } from '../../state/sessions-slice';
import { useStore } from '../../state/store';
import { selectTargetById } from '../../state/targets-slice';
import { selectNow } from '../../state/ui-slice';
import { Highlighted } from './highlighted';
import { RowActions } from './row-actions';

const COLUMN_COUNT = 12;

/** What the list calls a session: its name, else the start of its prompt. */
export function sessionTitle(session: Session): string {
  if (session.name) return session.name;
  if (session.prompt)
    return session.prompt.length > 120 ? `${session.prompt.slice(0, 119)}…` : session.prompt;
  return session.component.name ?? session.remoteId;
}

/**
 * The cell shows one line of the prompt: the browser shapes the whole text before cutting it at
 * the ellipsis, so a long prompt is clipped first (the full prompt is the name's tooltip).
 */
const SUB_LINE_CHARS = 200;

function clip(text: string | null): string | null {
  return text !== null && text.length > SUB_LINE_CHARS ? text.slice(0, SUB_LINE_CHARS) : text;
}

export function SessionCells({ index }: { index: number }) {
  const row = useStore(selectRowAt(index));
  const session = row?.session;
  const isSelected = useStore(selectIsRowSelected(session?.id));
  const target = useStore(selectTargetById(session?.targetId ?? ''));
  const now = useStore(selectNow);
  const selectRow = useStore((state) => state.selectRow);

  if (row === undefined) {
    return (
      <td colSpan={COLUMN_COUNT} className="placeholder-cell">
        <span className="skeleton" style={{ width: `${40 + ((index * 37) % 45)}%` }} />
      </td>
    );
  }
  if (row === null || !session) {
    return (
      <td colSpan={COLUMN_COUNT} className="placeholder-cell muted">
        Deleted since the list was loaded
      </td>
    );
  }

  const title = sessionTitle(session);
  const onNameClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const gesture = gestureOf(event);
    if (gesture !== 'replace') {
      event.preventDefault();
      void selectRow(index, session.id, gesture);
    }
  };
  const elapsed =
    session.durationMs ??
    (session.startedAt !== null && isLive(session.status) ? now - session.startedAt : null);
  const secondary = row.snippet && row.snippet.length > 0 ? null : session.name ? clip(session.prompt) : null;

  return (
    <>
      <td className="col-check">
        <input
          type="checkbox"
          aria-label={`Select ${title}`}
          data-testid="row-checkbox"
          checked={isSelected}
          onChange={() => void selectRow(index, session.id, 'toggle')}
        />
      </td>
      <td className="col-status">
        <StatusBadge status={session.status} />
      </td>
      <td className="col-name">
        <a
          className="session-name"
          href={formatRoute({ view: 'session', sessionId: session.id })}
          data-testid="session-name"
          title={session.prompt ?? title}
          onClick={onNameClick}
        >
          {session.parentSessionId !== null && (
            <span className="child-mark" title="Called by another session">
              ↳{' '}
            </span>
          )}
          {title}
        </a>
        <div className="session-sub">
          {row.snippet && row.snippet.length > 0 ? (
            <span className="snippet" data-testid="session-snippet">
              <Highlighted parts={row.snippet} />
            </span>
          ) : (
            <>
              <span className="mono">{session.remoteId}</span>
              {secondary && <span className="muted"> · {secondary}</span>}
            </>
          )}
        </div>
      </td>
      <td className="col-kind">
        <span className={`kind-badge kind-${session.kind}`}>{KIND_LABELS[session.kind]}</span>
      </td>
      <td
        className="col-trigger"
        title={`${TRIGGER_LABELS[session.trigger.type]}${session.trigger.source ? `: ${session.trigger.source}` : ''}`}
      >
        <span className="two-line">{TRIGGER_LABELS[session.trigger.type]}</span>
        {session.trigger.source && <span className="two-line">{session.trigger.source}</span>}
      </td>
      <td
        className="col-target"
        title={target ? `${target.name} (${target.location}) ${target.baseUrl}` : undefined}
      >
        {target && (
          <span className={`location-badge before location-${target.location}`}>{target.location}</span>
        )}
        <span className="target-name">{target?.name ?? session.targetId}</span>
      </td>
      <td className="col-started num">
        {session.startedAt === null && session.queuedAt !== null ? (
          <time
            className="is-queued"
            dateTime={new Date(session.queuedAt).toISOString()}
            title={`Not started; queued ${formatAbsolute(session.queuedAt)}`}
            data-testid="session-started"
          >
            {formatRelative(session.queuedAt, now)}
          </time>
        ) : (
          <time
            dateTime={session.startedAt !== null ? new Date(session.startedAt).toISOString() : undefined}
            title={formatAbsolute(session.startedAt)}
            data-testid="session-started"
          >
            {formatRelative(session.startedAt, now)}
          </time>
        )}
      </td>
      <td className={`col-duration num ${session.durationMs === null && elapsed !== null ? 'is-live' : ''}`}>
        {formatDuration(elapsed)}
      </td>
      <td
        className="col-tokens num"
        title={session.tokens.total !== null ? `${formatInteger(session.tokens.total)} tokens` : undefined}
      >
        {formatCount(session.tokens.total)}
      </td>
      <td className="col-cost num" title={session.costUsd !== null ? `$${session.costUsd}` : undefined}>
        {formatCost(session.costUsd)}
      </td>
      <td className="col-models" title={session.models.join(', ')}>
        {session.models.join(', ') || '—'}
      </td>
      <td className="col-actions">
        <RowActions session={session} />
      </td>
    </>
  );
}
