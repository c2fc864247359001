import { EmptyState } from '../../components/empty-state';

export function SessionDetailView({ sessionId }: { sessionId: string }) {
  return (
    <section className="view" data-testid="session-detail-view">
      <h1>Session</h1>
      <EmptyState title="Session not in the local store">
        No synced session has the id <code>{sessionId}</code>.
      </EmptyState>
    </section>
  );
}
