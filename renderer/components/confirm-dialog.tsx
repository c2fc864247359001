import { ACTION_LABELS } from '../lib/labels';
import { selectPendingAction } from '../state/control-slice';
import { useStore } from '../state/store';
import { Modal } from './modal';

const CONSEQUENCES = {
  cancel: 'Canceling stops the run at its source. It cannot be undone.',
  delete: 'Deleting removes the session at its source and from Tracedeck. It cannot be undone.',
} as const;

/** Asks before an irreversible action (cancel, delete). */
export function ConfirmDialog() {
  const pending = useStore(selectPendingAction);
  const confirm = useStore((state) => state.confirmPendingAction);
  const dismiss = useStore((state) => state.dismissPendingAction);
  if (!pending) return null;
  const verb = ACTION_LABELS[pending.action];
  const what =
    pending.sessionIds.length === 1
      ? `“${pending.label ?? 'this session'}”`
      : `${pending.sessionIds.length} sessions`;
  return (
    <Modal title={`${verb} ${what}?`} onClose={dismiss} testId="confirm-dialog">
      <h2>
        {verb} {what}?
      </h2>
      <p>
        {pending.action === 'cancel' || pending.action === 'delete' ? CONSEQUENCES[pending.action] : null}
      </p>
      <div className="modal-actions">
        <button
          type="button"
          className="button"
          data-autofocus
          data-testid="confirm-dismiss"
          onClick={dismiss}
        >
          Keep {pending.sessionIds.length === 1 ? 'it' : 'them'}
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="confirm-action"
          onClick={() => void confirm()}
        >
          {verb} {pending.sessionIds.length === 1 ? 'session' : `${pending.sessionIds.length} sessions`}
        </button>
      </div>
    </Modal>
  );
}
