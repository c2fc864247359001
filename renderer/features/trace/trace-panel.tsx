import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { formatInteger } from '../../lib/format';
import {
  selectTraceError,
  selectTraceMode,
  selectTraceOutline,
  selectTraceSearch,
  selectTraceSelected,
  selectTraceStatus,
} from '../../state/trace-slice';
import { useStore } from '../../state/store';
import { SpanDetail } from './span-detail';
import { TraceRaw } from './trace-raw';
import { formatMicros } from './trace-tree';
import { TraceWaterfall } from './trace-waterfall';

/**
 * The Trace tab of a session: its spans as a waterfall tree with search and a span detail
 * panel, or as raw JSON. `spanCount` (from the session detail) only sets the loading text; a
 * change of it reloads the outline, so new spans show up.
 */
export function TracePanel({ sessionId, spanCount }: { sessionId: string; spanCount: number }) {
  const openTrace = useStore((state) => state.openTrace);
  const closeTrace = useStore((state) => state.closeTrace);
  const status = useStore(selectTraceStatus);
  const error = useStore(selectTraceError);
  const outline = useStore(selectTraceOutline);
  const mode = useStore(selectTraceMode);
  const hasSelection = useStore(selectTraceSelected) >= 0;

  useEffect(() => {
    void openTrace(sessionId);
  }, [openTrace, sessionId, spanCount]);
  useEffect(() => closeTrace, [closeTrace]);

  let body;
  if (status === 'error') {
    body = (
      <EmptyState title="Could not load the trace">
        <p>{error}</p>
        <button type="button" className="button" onClick={() => void openTrace(sessionId)}>
          Try again
        </button>
      </EmptyState>
    );
  } else if (!outline) {
    body = (
      <p className="trace-loading" role="status">
        Loading {spanCount > 0 ? `${formatInteger(spanCount)} spans` : 'the trace'}…
      </p>
    );
  } else if (outline.count === 0) {
    body = (
      <EmptyState title="No spans">
        This session has no trace spans. Sources that export OpenTelemetry spans for a session show them here.
      </EmptyState>
    );
  } else if (mode === 'raw') {
    body = <TraceRaw />;
  } else {
    body = (
      <div className={`trace-body ${hasSelection ? 'has-detail' : ''}`}>
        <TraceWaterfall />
        {hasSelection && <SpanDetail />}
      </div>
    );
  }
  return (
    <section className="trace-panel" data-testid="trace-panel" aria-label="Trace">
      {outline && outline.count > 0 && <TraceToolbar />}
      {body}
    </section>
  );
}

function TraceToolbar() {
  const outline = useStore(selectTraceOutline)!;
  const search = useStore(selectTraceSearch);
  const mode = useStore(selectTraceMode);
  const setTraceSearch = useStore((state) => state.setTraceSearch);
  const stepTraceMatch = useStore((state) => state.stepTraceMatch);
  const setAllCollapsed = useStore((state) => state.setAllCollapsed);
  const setTraceMode = useStore((state) => state.setTraceMode);
  const matchCount = search.matches.length;
  let matchText = '';
  if (search.status === 'searching') matchText = 'Searching…';
  else if (search.status === 'error') matchText = `Search failed: ${search.error}`;
  else if (search.status === 'done')
    matchText =
      matchCount === 0
        ? 'No matches'
        : `${search.current + 1} of ${formatInteger(matchCount)}${search.isTruncated ? '+' : ''}`;
  const isWaterfall = mode === 'waterfall';
  return (
    <div className="trace-toolbar" role="toolbar" aria-label="Trace tools">
      <div className="search-box trace-search">
        <input
          type="search"
          placeholder="Search span names, attributes, logs…"
          aria-label="Search spans"
          data-testid="trace-search"
          maxLength={200}
          value={search.text}
          disabled={!isWaterfall}
          onChange={(event) => setTraceSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              stepTraceMatch(event.shiftKey ? -1 : 1);
            } else if (event.key === 'Escape' && search.text) {
              event.preventDefault();
              setTraceSearch('');
            }
          }}
        />
      </div>
      <button
        type="button"
        className="icon-button"
        data-testid="trace-search-prev"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={matchCount === 0 || !isWaterfall}
        onClick={() => stepTraceMatch(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="trace-search-next"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={matchCount === 0 || !isWaterfall}
        onClick={() => stepTraceMatch(1)}
      >
        ↓
      </button>
      <span className="trace-match-count" data-testid="trace-search-count" aria-live="polite">
        {matchText}
      </span>
      <span className="toolbar-spacer" />
      <button
        type="button"
        className="button"
        data-testid="trace-expand-all"
        disabled={!isWaterfall}
        onClick={() => setAllCollapsed(false)}
      >
        Expand all
      </button>
      <button
        type="button"
        className="button"
        data-testid="trace-collapse-all"
        disabled={!isWaterfall}
        onClick={() => setAllCollapsed(true)}
      >
        Collapse all
      </button>
      <div className="trace-mode" role="group" aria-label="View">
        <button
          type="button"
          className={`button ${isWaterfall ? 'is-active' : ''}`}
          aria-pressed={isWaterfall}
          data-testid="trace-mode-waterfall"
          onClick={() => setTraceMode('waterfall')}
        >
          Waterfall
        </button>
        <button
          type="button"
          className={`button ${isWaterfall ? '' : 'is-active'}`}
          aria-pressed={!isWaterfall}
          data-testid="trace-mode-raw"
          onClick={() => setTraceMode('raw')}
        >
          Raw
        </button>
      </div>
      <span className="trace-stats">
        <span data-testid="trace-span-count">
          {formatInteger(outline.count)} {outline.count === 1 ? 'span' : 'spans'}
          {outline.totalCount > outline.count && ` (first of ${formatInteger(outline.totalCount)})`}
        </span>
        {' · '}
        <span data-testid="trace-duration" title="From the first span's start to the last span's end">
          {formatMicros(outline.durationUs)}
        </span>
      </span>
    </div>
  );
}
