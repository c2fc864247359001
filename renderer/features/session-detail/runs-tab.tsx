import type { Run } from '@shared/models/run';
import { useMemo } from 'react';
import { StatusBadge } from '../../components/status-badge';
import { formatAbsolute, formatCost, formatCount, formatDuration } from '../../lib/format';
import { KIND_LABELS } from '../../lib/labels';
import { useStore } from '../../state/store';
import { PayloadView } from '../payload-viewer/payload-view';

/** Runs in source order, each with the runs it spawned (team members, workflow steps) nested. */
export function RunsTab() {
  const runs = useStore((state) => state.detail!.runs);
  const { roots, children } = useMemo(() => nest(runs), [runs]);
  if (runs.length === 0) return <p className="empty-state">This session has no runs.</p>;
  return (
    <div className="runs" data-testid="runs-tab">
      {roots.map((run) => (
        <RunCard key={run.id} run={run} children={children} depth={0} />
      ))}
    </div>
  );
}

function nest(runs: readonly Run[]): { roots: Run[]; children: ReadonlyMap<string, Run[]> } {
  const ids = new Set(runs.map((run) => run.id));
  const children = new Map<string, Run[]>();
  const roots: Run[] = [];
  for (const run of runs) {
    if (run.parentRunId !== null && ids.has(run.parentRunId) && run.parentRunId !== run.id) {
      const list = children.get(run.parentRunId) ?? [];
      list.push(run);
      children.set(run.parentRunId, list);
    } else {
      roots.push(run);
    }
  }
  return { roots, children };
}

function RunCard({
  run,
  children,
  depth,
}: {
  run: Run;
  children: ReadonlyMap<string, Run[]>;
  depth: number;
}) {
  const steps = children.get(run.id) ?? [];
  const m = run.metrics;
  return (
    <section
      className={`run-card depth-${Math.min(depth, 4)}`}
      data-testid="run-card"
      data-run-id={run.remoteId}
    >
      <header className="run-head">
        <StatusBadge status={run.status} />
        <strong>{run.componentName ?? KIND_LABELS[run.kind]}</strong>
        <span className="muted">
          {KIND_LABELS[run.kind]} run · <code>{run.remoteId}</code>
        </span>
        {run.model && (
          <span className="badge" title={run.provider ?? undefined}>
            {run.model}
          </span>
        )}
      </header>
      <dl className="run-usage" data-testid="run-usage">
        <dt>Started</dt>
        <dd title={formatAbsolute(run.startedAt ?? run.createdAt)}>
          {formatAbsolute(run.startedAt ?? run.createdAt) || '—'}
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(m.durationMs)}</dd>
        <dt>Tokens in / out</dt>
        <dd>
          {formatCount(m.inputTokens)} / {formatCount(m.outputTokens)}
        </dd>
        <dt>Time to first token</dt>
        <dd>{formatDuration(m.timeToFirstTokenMs)}</dd>
        <dt>Cost</dt>
        <dd>{formatCost(m.costUsd)}</dd>
      </dl>
      {run.input && (
        <details className="run-section">
          <summary>Input</summary>
          <PayloadView source={{ kind: 'ref', ref: run.input }} title="Run input" height={200} />
        </details>
      )}
      {run.output && (
        <details className="run-section" open={run.status === 'completed'}>
          <summary>Output</summary>
          <PayloadView source={{ kind: 'ref', ref: run.output }} title="Run output" height={240} />
        </details>
      )}
      {run.error && (
        <details className="run-section is-error" open>
          <summary>Error</summary>
          <PayloadView source={{ kind: 'ref', ref: run.error }} title="Run error" height={160} />
        </details>
      )}
      {steps.length > 0 && (
        <div className="run-steps">
          <h4>{run.kind === 'workflow' ? 'Steps' : 'Member runs'}</h4>
          {steps.map((step) => (
            <RunCard key={step.id} run={step} children={children} depth={depth + 1} />
          ))}
        </div>
      )}
    </section>
  );
}
