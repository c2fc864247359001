import { EmptyState } from '../../components/empty-state';
import type { DetailTab } from '../../lib/route';
import { TracePanel } from '../trace/trace-panel';

// Placeholder until the session detail view lands (issue 7).
export function SessionDetailView({ sessionId, tab }: { sessionId: string; tab: DetailTab }) {
  return (
    <section className="view" data-testid="session-detail-view">
      <h1>Session</h1>
      {tab === 'trace' ? (
        <TracePanel sessionId={sessionId} spanCount={0} />
      ) : (
        <EmptyState title="Session not in the local store">
          No synced session has the id <code>{sessionId}</code>.
        </EmptyState>
      )}
    </section>
  );
}
