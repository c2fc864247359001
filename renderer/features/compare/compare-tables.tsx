import type { CompareResult, CompareSideResult } from '@shared/models/compare';
import { StatusBadge } from '../../components/status-badge';
import { TARGET_KIND_LABELS } from '../../lib/labels';
import { formatRoute } from '../../lib/route';
import { sessionTitle } from '../sessions/session-cells';
import { formatDeltaValue, formatDifference, formatMetadata, formatPercent } from './compare-format';

/** One side's card: session name, target, status, and the run it is restricted to. */
export function SideCard({
  side,
  which,
  onChange,
}: {
  side: CompareSideResult;
  which: 'left' | 'right';
  onChange: () => void;
}) {
  const { session, target, run } = side;
  const runIndex = run ? side.runs.findIndex((r) => r.id === run.id) : -1;
  return (
    <div className={`compare-side compare-side-${which}`} data-testid={`compare-side-${which}`}>
      <div className="compare-side-label muted small">
        {which === 'left' ? 'A · baseline' : 'B · compared'}
      </div>
      <a
        className="compare-side-name"
        href={formatRoute({ view: 'session', sessionId: session.id })}
        data-testid="compare-side-name"
      >
        {sessionTitle(session)}
      </a>
      <div className="compare-side-meta">
        <StatusBadge status={run?.status ?? session.status} />
        <span className="muted">
          {target
            ? `${target.name} · ${TARGET_KIND_LABELS[target.kind]} (${target.location})`
            : 'Removed target'}
        </span>
      </div>
      {run && (
        <div className="small" data-testid="compare-side-run">
          Run {runIndex + 1} of {side.runs.length} <span className="mono muted">{run.remoteId}</span>
        </div>
      )}
      <button
        type="button"
        className="link-button small"
        data-testid={`compare-change-${which}`}
        onClick={onChange}
      >
        Change…
      </button>
    </div>
  );
}

/** Header figures on both sides with their difference, coloured better / worse. */
export function DeltasTable({ result }: { result: CompareResult }) {
  return (
    <table className="compare-table compare-deltas" data-testid="compare-deltas">
      <caption className="visually-hidden">Header deltas, B against A</caption>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col">A</th>
          <th scope="col">B</th>
          <th scope="col">Difference</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {result.deltas.map((delta) => (
          <tr
            key={delta.key}
            className={`verdict-${delta.verdict}`}
            data-testid={`compare-delta-${delta.key}`}
            data-verdict={delta.verdict}
          >
            <th scope="row">{delta.label}</th>
            <td>{formatDeltaValue(delta, delta.left)}</td>
            <td>{formatDeltaValue(delta, delta.right)}</td>
            <td className="compare-delta-cell">
              {formatDifference(delta)}
              {(delta.verdict === 'better' || delta.verdict === 'worse') && (
                <span className="compare-verdict"> ({delta.verdict})</span>
              )}
            </td>
            <td className="compare-delta-cell">{formatPercent(delta.percent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MetadataTable({ result }: { result: CompareResult }) {
  return (
    <table className="compare-table compare-metadata" data-testid="compare-metadata">
      <caption>Metadata</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">A</th>
          <th scope="col">B</th>
        </tr>
      </thead>
      <tbody>
        {result.metadata.map((row) => (
          <tr
            key={row.key}
            className={row.isDifferent ? 'is-different' : undefined}
            data-testid={`compare-meta-${row.key}`}
            data-different={row.isDifferent}
          >
            <th scope="row">{row.label}</th>
            <td>{formatMetadata(row, row.left)}</td>
            <td>{formatMetadata(row, row.right)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
