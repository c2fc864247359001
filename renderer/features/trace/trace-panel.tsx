import { EmptyState } from '../../components/empty-state';

// Placeholder until the trace waterfall lands (issue 7, item 7).
export function TracePanel({ spanCount }: { sessionId: string; spanCount: number }) {
  return (
    <EmptyState title="Trace" testId="trace-panel">
      {spanCount} spans.
    </EmptyState>
  );
}
