import type { SessionStatus } from '@shared/models/status';
import { isTransitional, STATUS_LABELS } from '@shared/models/status';

/** A session status as a small coloured badge; Pausing / Canceling spin until confirmed. */
export function StatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="status-badge" data-status={status}>
      {isTransitional(status) ? (
        <span className="spinner" aria-hidden="true" />
      ) : (
        <span className="dot" aria-hidden="true" />
      )}
      {STATUS_LABELS[status]}
    </span>
  );
}
