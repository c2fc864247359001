import { selectDemoLoading } from '../../state/targets-slice';
import { useStore } from '../../state/store';

/** What a new user sees: how to connect a target, or a full demo without any server. */
export function FirstRun() {
  const loadDemo = useStore((state) => state.loadDemo);
  const isLoading = useStore(selectDemoLoading);
  const navigate = useStore((state) => state.navigate);
  return (
    <div className="first-run" data-testid="sessions-empty">
      <h2>Welcome to Tracedeck</h2>
      <p className="muted">
        Tracedeck keeps the sessions of your agents — Agno AgentOS and LangGraph servers, on this machine or
        in the cloud — in a local store you can search, compare and control, even offline.
      </p>
      <ol className="first-run-steps">
        <li>
          Start your agent server: an AgentOS app (<code>http://localhost:7777</code>) or{' '}
          <code>langgraph dev</code> (<code>http://localhost:2024</code>).
        </li>
        <li>
          Add it as a target. Tracedeck finds servers already running on their usual ports, or connects to a
          cloud deployment with its URL and key.
        </li>
        <li>Sessions appear here as they sync, and stay browsable when the server is off.</li>
      </ol>
      <div className="first-run-actions">
        <button
          type="button"
          className="button primary"
          data-testid="first-run-add-target"
          onClick={() => navigate({ view: 'targets' })}
        >
          Connect a target
        </button>
        <button
          type="button"
          className="button"
          data-testid="load-demo"
          disabled={isLoading}
          onClick={() => void loadDemo()}
        >
          {isLoading ? 'Loading demo data…' : 'Load demo data'}
        </button>
      </div>
      <p className="muted small">
        The demo is a realistic week of agents, teams and workflows, stored under a read-only “Demo data”
        target you can remove in Targets.
      </p>
    </div>
  );
}
