import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useStore } from '../../state/store';
import { selectTargets, selectTargetsError, selectTargetsLoaded } from '../../state/targets-slice';
import { AddTargetForm } from './add-target-form';
import { TargetCard } from './target-card';

export function TargetsView() {
  const targets = useStore(selectTargets);
  const isLoaded = useStore(selectTargetsLoaded);
  const error = useStore(selectTargetsError);
  const loadTargets = useStore((state) => state.loadTargets);
  const startSync = useStore((state) => state.startSync);
  const scanServers = useStore((state) => state.scanServers);
  const [isAdding, setAdding] = useState(false);
  // Live events keep the list fresh; a visit re-reads it (next sync times move) and looks for
  // dev servers started since.
  useEffect(() => {
    void loadTargets();
    void scanServers();
  }, [loadTargets, scanServers]);
  const showForm = isAdding || (isLoaded && targets.length === 0);

  return (
    <section className="view targets-view" data-testid="targets-view">
      <header className="view-header">
        <h1>Targets</h1>
        <span className="toolbar-spacer" />
        {targets.some((t) => t.target.enabled) && (
          <button type="button" className="button" data-testid="sync-all" onClick={() => void startSync()}>
            Sync all now
          </button>
        )}
        {!showForm && (
          <button
            type="button"
            className="button primary"
            data-testid="add-target"
            onClick={() => setAdding(true)}
          >
            Add target
          </button>
        )}
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {showForm && (
        <AddTargetForm
          onDone={() => setAdding(false)}
          onCancel={targets.length > 0 ? () => setAdding(false) : null}
        />
      )}
      {isLoaded && targets.length === 0 && !showForm && (
        <EmptyState title="No targets connected">
          A target is an Agno AgentOS or a LangGraph API server, on this machine or in the cloud.
        </EmptyState>
      )}
      <ul className="target-list" data-testid="target-list">
        {targets.map((overview) => (
          <TargetCard key={overview.target.id} overview={overview} />
        ))}
      </ul>
    </section>
  );
}
