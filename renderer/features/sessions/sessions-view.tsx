import { EmptyState } from '../../components/empty-state';

export function SessionsView() {
  return (
    <section className="view" data-testid="sessions-view">
      <h1>Sessions</h1>
      <EmptyState title="No sessions yet" testId="sessions-empty">
        Sessions appear here once a target has synced. Connect an Agno AgentOS or LangGraph server in Targets.
      </EmptyState>
    </section>
  );
}
