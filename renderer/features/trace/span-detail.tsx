import type { Span } from '@shared/models/span';
import { useState, type ReactNode } from 'react';
import { selectTraceDetail, selectTraceOutline, selectTraceSelected } from '../../state/trace-slice';
import { useStore } from '../../state/store';
import { formatMicros, formatNanoTime } from './trace-tree';

/** Values longer than this are cut, with the rest a click away (a prompt can be megabytes). */
const VALUE_PREVIEW_CHARS = 20_000;

/** The selected span in full: ids, timing, status, attributes and its events (logs). */
export function SpanDetail() {
  const index = useStore(selectTraceSelected);
  const detail = useStore(selectTraceDetail);
  const outline = useStore(selectTraceOutline);
  const selectSpan = useStore((state) => state.selectSpan);
  if (!outline || index < 0) return null;
  const name = outline.names[outline.nameIds[index]!] ?? '';
  const parent = outline.parents[index] ?? -1;
  const span = detail?.index === index ? detail.span : null;
  const error = detail?.index === index ? detail.error : null;
  return (
    <aside className="trace-detail" data-testid="trace-span-detail" aria-label="Span details">
      <header className="trace-detail-header">
        <h2 title={name}>{name}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close span details"
          data-testid="trace-detail-close"
          onClick={() => selectSpan(-1)}
        >
          ✕
        </button>
      </header>
      {error && <p className="trace-error">Could not load this span: {error}</p>}
      {!span && !error && <p className="trace-loading">Loading…</p>}
      {span && (
        // Keyed by span, so "show all" does not carry over to the next span.
        <div key={index} className="trace-detail-body">
          <dl className="facts compact">
            <Fact label="Status">
              <span className={`trace-status is-${span.status}`} data-testid="trace-detail-status">
                {span.status}
              </span>
              {span.statusMessage && <span className="trace-status-message"> — {span.statusMessage}</span>}
            </Fact>
            <Fact label="Kind">{span.kind}</Fact>
            <Fact label="Duration">
              {span.endNs === null
                ? 'not ended'
                : formatMicros(Number(BigInt(span.endNs) - BigInt(span.startNs)) / 1000)}
            </Fact>
            <Fact label="Start">{formatNanoTime(span.startNs)}</Fact>
            <Fact label="End">{span.endNs === null ? '—' : formatNanoTime(span.endNs)}</Fact>
            <Fact label="Span id">{span.spanId}</Fact>
            <Fact label="Trace id">{span.traceId}</Fact>
            <Fact label="Parent">
              {parent >= 0 ? (
                <button type="button" className="link-button" onClick={() => selectSpan(parent, 'center')}>
                  {outline.names[outline.nameIds[parent]!]} ({span.parentSpanId})
                </button>
              ) : (
                (span.parentSpanId ?? 'none (root)') + (span.parentSpanId ? ' — not stored' : '')
              )}
            </Fact>
          </dl>
          <h3>Attributes</h3>
          <AttributeTable attributes={span.attributes} testId="trace-attributes" />
          <h3>Events and logs ({span.events.length})</h3>
          {span.events.length === 0 ? (
            <p className="trace-muted">No events.</p>
          ) : (
            <ol className="trace-events" data-testid="trace-events">
              {span.events.map((event, i) => (
                <li key={i} className="trace-event" data-testid="trace-event">
                  <div className="trace-event-head">
                    <span className="trace-event-time" title={formatNanoTime(event.timeNs)}>
                      +{formatMicros(Number(BigInt(event.timeNs) - BigInt(span.startNs)) / 1000)}
                    </span>
                    <span className="trace-event-name">{event.name}</span>
                  </div>
                  {Object.keys(event.attributes).length > 0 && (
                    <AttributeTable attributes={event.attributes} />
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </aside>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AttributeTable({ attributes, testId }: { attributes: Span['attributes']; testId?: string }) {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return <p className="trace-muted">No attributes.</p>;
  return (
    <table className="trace-attributes" data-testid={testId}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              <AttributeValue value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AttributeValue({ value }: { value: unknown }) {
  const [isFull, setIsFull] = useState(false);
  const text = formatValue(value);
  const isCut = text.length > VALUE_PREVIEW_CHARS && !isFull;
  return (
    <>
      <pre className="trace-value">{isCut ? `${text.slice(0, VALUE_PREVIEW_CHARS)}…` : text}</pre>
      {isCut && (
        <button type="button" className="link-button" onClick={() => setIsFull(true)}>
          Show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
    </>
  );
}

/** Strings as they are, unless they hold JSON; everything else as indented JSON. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (
      (trimmed.startsWith('{') && trimmed.endsWith('}')) ||
      (trimmed.startsWith('[') && trimmed.endsWith(']'))
    ) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}
