import { selectNotices } from '../state/ui-slice';
import { useStore } from '../state/store';

/** Short-lived messages about actions, in the corner; errors are announced to screen readers. */
export function Notices() {
  const notices = useStore(selectNotices);
  const dismiss = useStore((state) => state.dismissNotice);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.tone}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
