import type { Session } from '@shared/models/session';
import { actionsForStatus } from '@shared/models/status';
import { ACTION_LABELS } from '../../lib/labels';
import { selectAvailability } from '../../state/control-slice';
import { selectIsWatched } from '../../state/settings-slice';
import { useStore } from '../../state/store';

/**
 * The quick actions the session's status allows. Disabled ones say why in their tooltip (what
 * the target supports, read-only targets, missing permissions), from `control:describe`.
 */
export function RowActions({ session }: { session: Session }) {
  const availability = useStore(selectAvailability(session.targetId, session.status));
  const requestAction = useStore((state) => state.requestAction);
  const openSession = useStore((state) => state.openSession);
  const isWatched = useStore(selectIsWatched(session.id));
  const toggleWatch = useStore((state) => state.toggleWatch);
  const label = session.name ?? session.component.name ?? session.remoteId;
  return (
    <div className="row-actions">
      {actionsForStatus(session.status).map((action) => {
        const known = availability?.find((a) => a.action === action);
        const isEnabled = known?.enabled ?? false;
        const reason =
          availability === undefined ? 'Checking what this target allows…' : (known?.reason ?? null);
        return (
          <button
            key={action}
            type="button"
            className={`row-action ${action === 'cancel' || action === 'delete' ? 'is-danger' : ''}`}
            data-testid={`row-action-${action}`}
            disabled={!isEnabled && action !== 'respond'}
            title={reason ?? `${ACTION_LABELS[action]} “${label}”`}
            onClick={() =>
              action === 'respond' ? openSession(session.id) : requestAction(action, [session.id], label)
            }
          >
            {ACTION_LABELS[action]}
          </button>
        );
      })}
      <button
        type="button"
        className={`row-action watch ${isWatched ? 'is-on' : ''}`}
        data-testid="row-watch"
        aria-pressed={isWatched}
        title={
          isWatched
            ? 'Watching: you get a notification if it fails or needs input'
            : 'Notify me if it fails or needs input'
        }
        onClick={() => toggleWatch(session.id)}
      >
        <span aria-hidden="true">{isWatched ? '●' : '○'}</span>
        <span className="visually-hidden">Watch</span>
      </button>
    </div>
  );
}
