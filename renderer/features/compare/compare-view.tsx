import { EmptyState } from '../../components/empty-state';

export function CompareView() {
  return (
    <section className="view" data-testid="compare-view">
      <h1>Compare</h1>
      <EmptyState title="Pick two sessions">
        Select two sessions in the list and choose Compare to see them side by side.
      </EmptyState>
    </section>
  );
}
