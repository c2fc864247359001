import type { Span } from '@shared/models/span';
import { memo } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { formatInteger } from '../../lib/format';
import { selectTraceOutline, selectTraceRaw } from '../../state/trace-slice';
import { useStore } from '../../state/store';

/** Every span as stored, with its attributes and events (logs), as JSON in start order, paged. */
export function TraceRaw() {
  const raw = useStore(selectTraceRaw);
  const total = useStore(selectTraceOutline)?.totalCount ?? 0;
  const loadMoreRaw = useStore((state) => state.loadMoreRaw);
  return (
    <div className="trace-raw" data-testid="trace-raw" aria-label="Raw spans">
      <Virtuoso
        className="trace-raw-list"
        data={raw.spans}
        endReached={() => void loadMoreRaw()}
        increaseViewportBy={{ top: 400, bottom: 800 }}
        itemContent={rawItem}
        components={{ Footer: RawFooter }}
      />
      <p className="trace-raw-status" role="status">
        {formatInteger(raw.spans.length)} of {formatInteger(total)} spans loaded
      </p>
    </div>
  );
}

const rawItem = (_index: number, span: Span) => <RawSpan span={span} />;

const RawSpan = memo(function RawSpan({ span }: { span: Span }) {
  return (
    <pre className="trace-raw-span" data-testid="trace-raw-span" data-span-id={span.spanId}>
      {JSON.stringify(span, null, 2)}
    </pre>
  );
});

function RawFooter() {
  const raw = useStore(selectTraceRaw);
  const loadMoreRaw = useStore((state) => state.loadMoreRaw);
  if (raw.status === 'error') {
    return (
      <p className="trace-error">
        Could not load spans: {raw.error}{' '}
        <button type="button" className="link-button" onClick={() => void loadMoreRaw()}>
          Try again
        </button>
      </p>
    );
  }
  if (raw.status === 'loading') return <p className="trace-loading">Loading spans…</p>;
  if (!raw.next) return null;
  return (
    <p>
      <button
        type="button"
        className="button"
        data-testid="trace-raw-more"
        onClick={() => void loadMoreRaw()}
      >
        Load more
      </button>
    </p>
  );
}
