import { formatInteger } from '../../lib/format';
import { selectRange, selectTotal } from '../../state/sessions-slice';
import { useStore } from '../../state/store';

/**
 * Where the list is, and a scrubber to jump anywhere in it: with a million rows the scrollbar
 * only spans a page of them (see `SessionTable`).
 */
export function ListFooter() {
  const total = useStore(selectTotal);
  const range = useStore(selectRange);
  const jumpTo = useStore((state) => state.jumpTo);
  const first = Math.min(range.start + 1, total);
  const last = Math.min(range.end + 1, total);
  return (
    <div className="list-footer">
      {total > 0 && (
        <>
          <span className="list-position" data-testid="list-position">
            {formatInteger(first)}–{formatInteger(last)} of {formatInteger(total)}
          </span>
          <input
            type="range"
            className="list-scrubber"
            aria-label="Jump to a position in the list"
            data-testid="list-scrubber"
            min={0}
            max={Math.max(0, total - 1)}
            value={Math.min(range.start, Math.max(0, total - 1))}
            onChange={(event) => jumpTo(Number(event.target.value))}
          />
        </>
      )}
      <span className="toolbar-spacer" />
      <span className="shortcut-hint muted" aria-hidden="true">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>x</kbd> select · <kbd>/</kbd> search ·{' '}
        <kbd>⌘K</kbd> actions
      </span>
    </div>
  );
}
