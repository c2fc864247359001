import { EmptyState } from '../../components/empty-state';

export function TargetsView() {
  return (
    <section className="view" data-testid="targets-view">
      <h1>Targets</h1>
      <EmptyState title="No targets connected">
        A target is an Agno AgentOS or a LangGraph API server, on this machine or in the cloud.
      </EmptyState>
    </section>
  );
}
