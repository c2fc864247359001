import { STATUS_LABELS } from '@shared/models/status';
import { useMemo } from 'react';
import { Modal } from '../../components/modal';
import { formatInteger } from '../../lib/format';
import { ACTION_LABELS } from '../../lib/labels';
import {
  selectBulkResult,
  selectIsActing,
  selectSelectionActions,
  selectionKey,
} from '../../state/control-slice';
import { selectIsSelectingAll, selectSelection, selectSelectionSize } from '../../state/sessions-slice';
import { useStore } from '../../state/store';

/** The actions valid for every selected session; the others are not offered. */
export function BulkBar() {
  const size = useStore(selectSelectionSize);
  const selection = useStore(selectSelection);
  const selectionActions = useStore(selectSelectionActions);
  const isActing = useStore(selectIsActing);
  const isSelectingAll = useStore(selectIsSelectingAll);
  const requestAction = useStore((state) => state.requestAction);
  const clearSelection = useStore((state) => state.clearSelection);
  const watchSessions = useStore((state) => state.watchSessions);
  const navigate = useStore((state) => state.navigate);
  const key = useMemo(() => selectionKey(selection.ids), [selection]);
  if (size === 0 && !isSelectingAll) return null;
  const ids = [...selection.ids];
  // Until the actions of this very selection are known, offer none rather than stale ones.
  const actions =
    selectionActions?.key === key && selectionActions.actions
      ? selectionActions.actions.filter((a) => a.action !== 'respond')
      : null;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected sessions" data-testid="bulk-bar">
      <span className="bulk-count" data-testid="bulk-count">
        {isSelectingAll ? 'Selecting…' : `${formatInteger(size)} selected`}
      </span>
      {actions === null ? (
        <span className="muted">Checking actions…</span>
      ) : actions.length === 0 ? (
        <span className="muted" data-testid="bulk-no-actions">
          No action applies to every selected session
        </span>
      ) : (
        actions.map((availability) => (
          <button
            key={availability.action}
            type="button"
            className={`button ${availability.action === 'cancel' || availability.action === 'delete' ? 'danger' : ''}`}
            data-testid={`bulk-action-${availability.action}`}
            disabled={!availability.enabled || isActing}
            title={availability.reason ?? `${ACTION_LABELS[availability.action]} ${size} sessions`}
            onClick={() => requestAction(availability.action, ids)}
          >
            {ACTION_LABELS[availability.action]}
          </button>
        ))
      )}
      {size === 2 && (
        <button
          type="button"
          className="button"
          data-testid="bulk-compare"
          onClick={() => navigate({ view: 'compare', left: ids[0] ?? null, right: ids[1] ?? null })}
        >
          Compare
        </button>
      )}
      <button type="button" className="button" data-testid="bulk-watch" onClick={() => watchSessions(ids)}>
        Watch
      </button>
      <span className="toolbar-spacer" />
      <button type="button" className="link-button" data-testid="bulk-clear" onClick={clearSelection}>
        Clear selection
      </button>
    </div>
  );
}

/** Per-session outcome of a bulk action. */
export function BulkResultDialog() {
  const result = useStore(selectBulkResult);
  const dismiss = useStore((state) => state.dismissBulkResult);
  if (!result) return null;
  const failed = result.outcomes.filter((o) => !o.ok).length;
  return (
    <Modal title={`${ACTION_LABELS[result.action]} results`} onClose={dismiss} testId="bulk-result">
      <h2>
        {ACTION_LABELS[result.action]}: {result.outcomes.length - failed} of {result.outcomes.length} accepted
      </h2>
      <ul className="outcome-list">
        {result.outcomes.map((outcome) => (
          <li
            key={outcome.sessionId}
            className={outcome.ok ? 'is-ok' : 'is-failed'}
            data-testid="bulk-outcome"
            data-ok={outcome.ok}
          >
            <span className="outcome-mark" aria-hidden="true">
              {outcome.ok ? '✓' : '✕'}
            </span>
            <span className="outcome-name">{result.names[outcome.sessionId] ?? outcome.sessionId}</span>
            <span className="outcome-detail">
              {outcome.ok
                ? outcome.status
                  ? STATUS_LABELS[outcome.status]
                  : 'Done'
                : (outcome.error?.message ?? 'Failed')}
            </span>
          </li>
        ))}
      </ul>
      <div className="modal-actions">
        <button type="button" className="button primary" data-autofocus onClick={dismiss}>
          Close
        </button>
      </div>
    </Modal>
  );
}
