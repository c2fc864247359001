import type { SessionSortField } from '@shared/models/session-query';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type ComponentProps,
  type MouseEvent,
} from 'react';
import {
  TableVirtuoso,
  type ItemProps,
  type ListRange,
  type TableComponents,
  type TableVirtuosoHandle,
} from 'react-virtuoso';
import { gestureOf } from '../../lib/selection';
import {
  MAX_SELECTION,
  selectFocusSeq,
  selectJump,
  selectPageBase,
  selectIsRowFocused,
  selectIsRowSelected,
  selectRowAt,
  selectScrollResetSeq,
  selectScrollShift,
  selectSelectionSize,
  selectSort,
  selectTotal,
} from '../../state/sessions-slice';
import { useStore } from '../../state/store';
import { SessionCells } from './session-cells';

/** Every row has this height, so Virtuoso never measures and offsets are exact. */
export const ROW_HEIGHT = 40;

const SORTABLE: Partial<Record<string, SessionSortField>> = {
  started: 'startedAt',
  duration: 'durationMs',
  tokens: 'totalTokens',
  cost: 'costUsd',
};

const COLUMNS: { id: string; label: string; className: string }[] = [
  { id: 'status', label: 'Status', className: 'col-status' },
  { id: 'name', label: 'Session', className: 'col-name' },
  { id: 'kind', label: 'Kind', className: 'col-kind' },
  { id: 'trigger', label: 'Trigger', className: 'col-trigger' },
  { id: 'target', label: 'Target', className: 'col-target' },
  { id: 'started', label: 'Started', className: 'col-started num' },
  { id: 'duration', label: 'Duration', className: 'col-duration num' },
  { id: 'tokens', label: 'Tokens', className: 'col-tokens num' },
  { id: 'cost', label: 'Cost', className: 'col-cost num' },
  { id: 'models', label: 'Models', className: 'col-models' },
  { id: 'actions', label: 'Actions', className: 'col-actions' },
];

function HeaderRow() {
  const sort = useStore(selectSort);
  const sortBy = useStore((state) => state.sortBy);
  const total = useStore(selectTotal);
  const selected = useStore(selectSelectionSize);
  const selectAllMatching = useStore((state) => state.selectAllMatching);
  const clearSelection = useStore((state) => state.clearSelection);
  const isAll = selected > 0 && selected >= Math.min(total, MAX_SELECTION);
  return (
    <tr>
      <th className="col-check" scope="col">
        <input
          type="checkbox"
          aria-label={isAll ? 'Clear the selection' : 'Select all matching sessions'}
          title={isAll ? 'Clear the selection' : 'Select all sessions matching the filters (Ctrl/⌘ + A)'}
          data-testid="select-all"
          checked={isAll}
          ref={(input) => {
            if (input) input.indeterminate = selected > 0 && !isAll;
          }}
          onChange={() => (selected > 0 ? clearSelection() : void selectAllMatching())}
        />
      </th>
      {COLUMNS.map((column) => {
        const field = SORTABLE[column.id];
        if (!field) {
          return (
            <th key={column.id} className={column.className} scope="col">
              {column.label}
            </th>
          );
        }
        const isSorted = sort.field === field;
        return (
          <th
            key={column.id}
            className={column.className}
            scope="col"
            aria-sort={isSorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
          >
            <button
              type="button"
              className={`sort-button ${isSorted ? 'is-sorted' : ''}`}
              data-testid={`sort-${field}`}
              onClick={() => sortBy(field)}
              title={`Sort by ${column.label.toLowerCase()}`}
            >
              {column.label}
              <span className="sort-arrow" aria-hidden="true">
                {isSorted ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
          </th>
        );
      })}
    </tr>
  );
}

function SessionTableRow(props: ItemProps<unknown> & { context?: TableContext }) {
  const index = (props.context?.base ?? 0) + props['data-index'];
  const row = useStore(selectRowAt(index));
  const id = row?.session.id;
  const isSelected = useStore(selectIsRowSelected(id));
  const isFocused = useStore(selectIsRowFocused(index));
  const selectRow = useStore((state) => state.selectRow);
  const openSession = useStore((state) => state.openSession);
  const { item: _item, context: _context, ...rest } = props;

  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    if (!id) return;
    if ((event.target as HTMLElement).closest('button, a, input, label')) return;
    void selectRow(index, id, gestureOf(event));
  };
  return (
    <tr
      {...(rest as ComponentProps<'tr'>)}
      className={`session-row ${isSelected ? 'is-selected' : ''} ${isFocused ? 'is-focused' : ''}`}
      aria-selected={isSelected}
      data-testid={row ? 'session-row' : 'session-row-placeholder'}
      data-session-id={id}
      data-remote-id={row?.session.remoteId}
      data-status={row?.session.status}
      onClick={onClick}
      onMouseDown={(event) => {
        // Shift-click extends the selection; without this it also selects text.
        if (event.shiftKey) event.preventDefault();
      }}
      onDoubleClick={() => id && openSession(id)}
    />
  );
}

const Cells = memo(function Cells({ index }: { index: number }) {
  return <SessionCells index={index} />;
});

// Stable functions: new ones on each render would make Virtuoso re-render every row.
const headerContent = () => <HeaderRow />;
const itemContent = (index: number, _item: unknown, { base }: TableContext) => <Cells index={base + index} />;

const TABLE_COMPONENTS: TableComponents<unknown, TableContext> = {
  Table: ({ context: _context, ...props }) => (
    <table {...props} className="sessions-table" aria-label="Sessions" />
  ),
  TableRow: SessionTableRow,
};

// Chromium caps an element's height at 2^25 px (33,554,428), so 1,000,000 rows of 40 px cannot
// be one scroll area (https://github.com/petyosi/react-virtuoso/issues/385). Virtuoso gets a
// page of at most PAGE_ROWS rows starting at `base`; scrolling near its ends moves the page by
// SHIFT_ROWS and scrolls back by as much, so the rows on screen stay where they are.
const PAGE_ROWS = 400_000;
const EDGE_ROWS = 40_000;
const SHIFT_ROWS = 200_000;
/** About a screenful of rows. */
const INITIAL_ROWS = 20;

interface TableContext {
  /** The list index of Virtuoso's item 0. */
  base: number;
}

function clampBase(base: number, total: number): number {
  return Math.max(0, Math.min(base, total - PAGE_ROWS));
}

/**
 * The session list: Virtuoso renders only the rows on screen and asks the store for the
 * windows around them; rows not fetched yet show as placeholders.
 */
export function SessionTable() {
  const total = useStore(selectTotal);
  const ensureRange = useStore((state) => state.ensureRange);
  const focusSeq = useStore(selectFocusSeq);
  const jump = useStore(selectJump);
  const scrollShift = useStore(selectScrollShift);
  const scrollResetSeq = useStore(selectScrollResetSeq);
  const ref = useRef<TableVirtuosoHandle>(null);
  const pageBase = useStore(selectPageBase);
  const setPageBase = useStore((state) => state.setPageBase);
  const base = clampBase(pageBase, total);
  const span = Math.min(PAGE_ROWS, total - base);
  /** What to do once a new base has rendered: keep the rows in place, or show a given row. */
  const afterRebase = useRef<
    { scrollBy: number } | { index: number; align: 'start' | 'center' | 'end' } | null
  >(null);

  /** Shows list row `index`, moving the page first when it is outside. */
  const reveal = useCallback(
    (index: number, align: 'start' | 'center' | 'end' | 'nearest') => {
      if (index >= base && index < base + span) {
        if (align === 'nearest') ref.current?.scrollIntoView({ index: index - base, behavior: 'auto' });
        else ref.current?.scrollToIndex({ index: index - base, align });
        return;
      }
      const next = clampBase(index - PAGE_ROWS / 2, total);
      afterRebase.current = { index: index - next, align: align === 'nearest' ? 'center' : align };
      setPageBase(next);
    },
    [base, span, total, setPageBase],
  );

  useLayoutEffect(() => {
    const pending = afterRebase.current;
    afterRebase.current = null;
    if (!pending) return;
    if ('scrollBy' in pending) ref.current?.scrollBy({ top: pending.scrollBy });
    else ref.current?.scrollToIndex({ index: pending.index, align: pending.align });
  }, [base]);

  // Only a keyboard move scrolls to the focus; a refresh that moves the focused row must not.
  useEffect(() => {
    const index = useStore.getState().focusIndex;
    if (focusSeq > 0 && index >= 0) reveal(index, 'nearest');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new keyboard move scrolls
  }, [focusSeq]);
  useEffect(() => {
    if (jump.seq > 0) reveal(jump.index, 'start');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new jump scrolls
  }, [jump]);
  // A live refresh moved the rows on screen by `delta`: scroll as much so they stay put.
  useLayoutEffect(() => {
    if (scrollShift.seq > 0 && scrollShift.delta !== 0)
      ref.current?.scrollBy({ top: scrollShift.delta * ROW_HEIGHT });
  }, [scrollShift]);
  // Scrolling reads the scroller's size, which forces a layout in the middle of the commit
  // (~30 ms here): skip it when the list is at the top already, as it usually is.
  const isAtTop = useRef(true);
  useLayoutEffect(() => {
    if (scrollResetSeq > 0 && !isAtTop.current) ref.current?.scrollTo({ top: 0 });
  }, [scrollResetSeq]);

  const onRangeChanged = useCallback(
    ({ startIndex, endIndex }: ListRange) => {
      ensureRange(base + startIndex, base + endIndex);
      if (endIndex > span - EDGE_ROWS && base + span < total) {
        const next = clampBase(base + SHIFT_ROWS, total);
        afterRebase.current = { scrollBy: -(next - base) * ROW_HEIGHT };
        setPageBase(next);
      } else if (startIndex < EDGE_ROWS && base > 0) {
        const next = clampBase(base - SHIFT_ROWS, total);
        afterRebase.current = { scrollBy: (base - next) * ROW_HEIGHT };
        setPageBase(next);
      }
    },
    [base, span, total, ensureRange, setPageBase],
  );
  const onAtTopChange = useCallback((atTop: boolean) => {
    isAtTop.current = atTop;
  }, []);
  const context = useMemo<TableContext>(() => ({ base }), [base]);
  return (
    <div className="session-table-wrap" data-testid="session-table">
      <TableVirtuoso<unknown, TableContext>
        ref={ref}
        context={context}
        totalCount={span}
        fixedItemHeight={ROW_HEIGHT}
        // Rows in the very first render, rather than after Virtuoso has measured its viewport
        // (one more layout and paint on the way to the first screen of rows).
        initialItemCount={Math.min(span, INITIAL_ROWS)}
        increaseViewportBy={{ top: 200, bottom: 400 }}
        rangeChanged={onRangeChanged}
        atTopStateChange={onAtTopChange}
        fixedHeaderContent={headerContent}
        itemContent={itemContent}
        components={TABLE_COMPONENTS}
      />
    </div>
  );
}
