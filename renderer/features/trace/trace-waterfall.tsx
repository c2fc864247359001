import { SPAN_STATUS_CODES } from '@shared/models/vocabulary';
import { memo, useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import {
  selectIsCurrentMatch,
  selectIsSpanCollapsed,
  selectIsSpanMatch,
  selectTraceOutline,
  selectTraceReveal,
  selectTraceRowCount,
  selectTraceRowSpan,
  selectTraceSelected,
  selectTraceTree,
  type TraceKey,
} from '../../state/trace-slice';
import { useStore } from '../../state/store';
import { formatMicros } from './trace-tree';

/** Every row has this height, so Virtuoso never measures and offsets are exact. */
export const TRACE_ROW_HEIGHT = 24;
const INDENT_PX = 14;
/** Deeper spans stop moving right, so their names stay readable; the level is in the tooltip. */
const MAX_INDENT_LEVELS = 24;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

const KEYS: Record<string, TraceKey> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'page-up',
  PageDown: 'page-down',
  Home: 'home',
  End: 'end',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Enter: 'toggle',
};

/** The spans as a tree of rows, each with a bar on the trace's time axis. */
export function TraceWaterfall() {
  const rowCount = useStore(selectTraceRowCount);
  const reveal = useStore(selectTraceReveal);
  const selected = useStore(selectTraceSelected);
  const traceKey = useStore((state) => state.traceKey);
  const selectSpan = useStore((state) => state.selectSpan);
  const outline = useStore(selectTraceOutline)!;
  const ref = useRef<VirtuosoHandle>(null);

  useEffect(() => {
    if (reveal.seq === 0 || reveal.row < 0) return;
    if (reveal.align === 'center') ref.current?.scrollToIndex({ index: reveal.row, align: 'center' });
    else ref.current?.scrollIntoView({ index: reveal.row });
  }, [reveal]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const key = KEYS[event.key];
      if (key) traceKey(key);
      else if (event.key === 'Escape') selectSpan(-1);
      else return;
      event.preventDefault();
    },
    [traceKey, selectSpan],
  );

  return (
    <div
      className="trace-waterfall"
      role="tree"
      aria-label="Spans"
      tabIndex={0}
      aria-activedescendant={selected >= 0 ? `trace-span-${selected}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="trace-waterfall"
    >
      <div className="trace-axis" aria-hidden="true">
        <div className="trace-name-cell">Span</div>
        <div className="trace-timeline-cell">
          {TICKS.map((at) => (
            <span key={at} className="trace-tick" style={{ left: `${at * 100}%` }}>
              {formatMicros(outline.durationUs * at)}
            </span>
          ))}
        </div>
      </div>
      <Virtuoso
        ref={ref}
        className="trace-rows"
        totalCount={rowCount}
        fixedItemHeight={TRACE_ROW_HEIGHT}
        initialItemCount={Math.min(rowCount, 30)}
        increaseViewportBy={{ top: 240, bottom: 480 }}
        itemContent={itemContent}
      />
    </div>
  );
}

// A stable function: a new one on each render would make Virtuoso re-render every row.
const itemContent = (row: number) => <TraceRow row={row} />;

const TraceRow = memo(function TraceRow({ row }: { row: number }) {
  const index = useStore(selectTraceRowSpan(row));
  const outline = useStore(selectTraceOutline);
  const tree = useStore(selectTraceTree);
  const isSelected = useStore((state) => state.traceSelected === index);
  const isCollapsed = useStore(selectIsSpanCollapsed(index));
  const isMatch = useStore(selectIsSpanMatch(index));
  const isCurrent = useStore(selectIsCurrentMatch(index));
  const needle = useStore((state) => (isMatch ? state.traceSearch.text.trim() : ''));
  const selectSpan = useStore((state) => state.selectSpan);
  const toggleSpan = useStore((state) => state.toggleSpan);
  if (!outline || !tree || index < 0) return <div className="trace-row" />;

  const name = outline.names[outline.nameIds[index]!] ?? '';
  const status = SPAN_STATUS_CODES[outline.statuses[index]!] ?? 'unset';
  const depth = tree.depth[index]!;
  const isParent = tree.size[index]! > 1;
  const start = outline.startsUs[index]!;
  const duration = outline.durationsUs[index]!;
  const isOpen = duration < 0;
  const total = outline.durationUs || 1;
  const left = (start / total) * 100;
  const width = ((isOpen ? total - start : duration) / total) * 100;
  const kind = outline.kinds[outline.kindIds[index]!] ?? '';
  const classes = [
    'trace-row',
    `is-${status}`,
    isSelected && 'is-selected',
    isMatch && 'is-match',
    isCurrent && 'is-current-match',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      role="treeitem"
      id={`trace-span-${index}`}
      aria-level={depth + 1}
      aria-expanded={isParent ? !isCollapsed : undefined}
      aria-selected={isSelected}
      data-testid="trace-row"
      data-span-id={outline.spanIds[index]}
      data-status={status}
      onClick={(event) => {
        selectSpan(index);
        // Keys go to the tree after a click, not to whatever had focus.
        (event.currentTarget.closest('[role="tree"]') as HTMLElement | null)?.focus({ preventScroll: true });
      }}
    >
      <div
        className="trace-name-cell"
        style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX + 4 }}
        title={`${name} — level ${depth + 1}, ${kind}`}
      >
        {isParent ? (
          <button
            type="button"
            className="trace-toggle"
            data-testid="trace-toggle"
            tabIndex={-1}
            aria-label={isCollapsed ? `Expand ${name}` : `Collapse ${name}`}
            // Focus stays on the tree, whose keys already expand and collapse.
            onMouseDown={(event) => event.preventDefault()}
            onClick={(event) => {
              event.stopPropagation();
              toggleSpan(index);
            }}
          >
            {isCollapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="trace-toggle" aria-hidden="true" />
        )}
        <span className={`trace-dot is-${status}`} aria-label={status === 'error' ? 'Error' : undefined} />
        <span className="trace-name">
          <Marked text={name} needle={needle} />
        </span>
        {isCollapsed && <span className="trace-hidden">+{tree.size[index]! - 1}</span>}
        <span className="trace-duration">{isOpen ? 'open' : formatMicros(duration)}</span>
      </div>
      <div className="trace-timeline-cell">
        <span
          className={`trace-bar ${isOpen ? 'is-open' : ''}`}
          style={{ left: `${left}%`, width: `${width}%` }}
        />
      </div>
    </div>
  );
});

/** `text` with the first case-insensitive occurrence of `needle` marked. */
function Marked({ text, needle }: { text: string; needle: string }) {
  const at = needle ? text.toLowerCase().indexOf(needle.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + needle.length)}</mark>
      {text.slice(at + needle.length)}
    </>
  );
}
