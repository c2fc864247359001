import type { Session } from '@shared/models/session';
import type { Target } from '@shared/models/target';
import type { ReactNode } from 'react';
import { formatAbsolute, formatCost, formatCount, formatDuration } from '../../lib/format';
import { KIND_LABELS, TRIGGER_LABELS } from '../../lib/labels';
import { formatRoute } from '../../lib/route';
import { useStore } from '../../state/store';

/** Everything known about the session as a key / value table, ids and raw values included. */
export function MetadataTab({ target }: { target: Target | undefined }) {
  const detail = useStore((state) => state.detail)!;
  const s: Session = detail.session;
  const rows: [string, ReactNode][] = [
    ['Local id', <code key="id">{s.id}</code>],
    ['Remote id', <code key="rid">{s.remoteId}</code>],
    ['Kind', KIND_LABELS[s.kind]],
    ['Component', [s.component.name, s.component.id].filter(Boolean).join(' · ') || '—'],
    ['Target', target ? `${target.name} (${target.location}) · ${target.baseUrl}` : s.targetId],
    ['Trigger', `${TRIGGER_LABELS[s.trigger.type]}${s.trigger.source ? ` · ${s.trigger.source}` : ''}`],
    [
      'Raw trigger value',
      s.trigger.raw ? (
        <code key="raw" data-testid="metadata-raw-trigger">
          {s.trigger.raw}
        </code>
      ) : (
        '—'
      ),
    ],
    ['Actor', s.actor ?? '—'],
    ['Project', s.project ?? '—'],
    [
      'Called by',
      s.parentSessionId ? (
        <a key="parent" href={formatRoute({ view: 'session', sessionId: s.parentSessionId })}>
          session {s.parentSessionId}
        </a>
      ) : (
        '—'
      ),
    ],
    ['Created', formatAbsolute(s.createdAt) || '—'],
    ['Queued', formatAbsolute(s.queuedAt) || '—'],
    ['Started', formatAbsolute(s.startedAt) || '—'],
    ['Finished', formatAbsolute(s.finishedAt) || '—'],
    ['Duration', formatDuration(s.durationMs)],
    ['Models', s.models.join(', ') || '—'],
    ['Services', s.services.join(', ') || '—'],
    [
      'Tokens (in / out / total)',
      `${formatCount(s.tokens.input)} / ${formatCount(s.tokens.output)} / ${formatCount(s.tokens.total)}`,
    ],
    ['Cost', formatCost(s.costUsd)],
    ['Tool calls / errors', `${s.toolCallCount} / ${s.errorCount}`],
    ['Updated at the source', formatAbsolute(s.remoteUpdatedAt) || '—'],
    ['Synced', formatAbsolute(s.syncedAt) || '—'],
    [
      'Stored',
      `${detail.activityTotal} activity items, ${detail.runs.length} runs, ${detail.spanCount} spans, ${detail.payloadCount} payloads, ${detail.rawRecordCount} raw records`,
    ],
    ['Tags', s.tags.join(', ') || '—'],
    ['Notes', s.notes ?? '—'],
  ];
  return (
    <dl className="metadata" data-testid="metadata-tab">
      {rows.map(([label, value]) => (
        <div key={label} className="metadata-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
