import type { CompareResult, CompareSide } from '@shared/models/compare';
import { COMPARE_TABS, filterRows, firstDivergence, type CompareTab } from '@shared/models/compare-align';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { EmptyState } from '../../components/empty-state';
import { Modal } from '../../components/modal';
import type { Route } from '../../lib/route';
import { compareKey, selectComparison, selectCompareSelectedRow } from '../../state/compare-slice';
import { useStore } from '../../state/store';
import { selectNavigate, selectRoute } from '../../state/ui-slice';
import { ComparePicker } from './compare-picker';
import { AlignedSteps, PairDetail } from './compare-steps';
import { DeltasTable, MetadataTable, SideCard } from './compare-tables';
import { comparisonDocument, downloadJson, exportFileName } from './compare-export';

type CompareRoute = Extract<Route, { view: 'compare' }>;
type Which = 'left' | 'right';

const TAB_LABELS: Record<CompareTab, string> = {
  all: 'All',
  reasoning: 'Reasoning',
  tools: 'Tool calls',
  errors: 'Errors',
};

/** The route with one side replaced (its run too: a run belongs to its session). */
function withSide(route: CompareRoute, which: Which, side: CompareSide): CompareRoute {
  const next: CompareRoute = { ...route, [which]: side.sessionId };
  delete next[which === 'left' ? 'leftRun' : 'rightRun'];
  if (side.runId) next[which === 'left' ? 'leftRun' : 'rightRun'] = side.runId;
  return next;
}

/** Two sessions or runs side by side; a picker first for whichever side is missing. */
export function CompareView() {
  const route = useStore(selectRoute);
  if (route.view !== 'compare') return null;
  if (!route.left || !route.right) return <PickMissingSide route={route} />;
  return (
    <ComparisonView
      route={route}
      left={route.leftRun ? { sessionId: route.left, runId: route.leftRun } : { sessionId: route.left }}
      right={route.rightRun ? { sessionId: route.right, runId: route.rightRun } : { sessionId: route.right }}
    />
  );
}

function PickMissingSide({ route }: { route: CompareRoute }) {
  const navigate = useStore(selectNavigate);
  const missing: Which = route.left ? 'right' : 'left';
  return (
    <section className="view compare-view" data-testid="compare-view">
      <div className="view-header">
        <h1>Compare</h1>
      </div>
      <p className="muted">
        {route.left || route.right
          ? 'Pick the session, or one of its runs, to compare it with.'
          : 'Pick two sessions, or two runs, from the same or different targets.'}
      </p>
      <ComparePicker
        key={missing}
        title={missing === 'left' ? 'A · baseline' : 'B · compared'}
        onPick={(side) => navigate(withSide(route, missing, side))}
      />
    </section>
  );
}

function ComparisonView({
  route,
  left,
  right,
}: {
  route: CompareRoute;
  left: CompareSide;
  right: CompareSide;
}) {
  const navigate = useStore(selectNavigate);
  const loadComparison = useStore((state) => state.loadComparison);
  const comparison = useStore(selectComparison);
  const [changing, setChanging] = useState<Which | null>(null);
  const key = compareKey(left, right);
  const current = comparison?.key === key ? comparison : null;

  useEffect(() => {
    void loadComparison(left, right);
    // The key stands for both sides; the side objects are new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadComparison]);

  const swap = () =>
    navigate({
      view: 'compare',
      left: route.right,
      right: route.left,
      ...(route.rightRun ? { leftRun: route.rightRun } : {}),
      ...(route.leftRun ? { rightRun: route.leftRun } : {}),
      ...(route.tab ? { tab: route.tab } : {}),
    });
  const result = current?.result ?? null;

  return (
    <section
      className="view compare-view"
      data-testid="compare-view"
      data-status={current?.status ?? 'loading'}
    >
      <div className="view-header">
        <h1>Compare</h1>
        <span className="toolbar-spacer" />
        <button type="button" className="button" data-testid="compare-swap" onClick={swap}>
          ⇄ Swap sides
        </button>
        <button
          type="button"
          className="button"
          data-testid="compare-export"
          disabled={!result}
          onClick={() =>
            result && downloadJson(exportFileName(result), comparisonDocument(result, Date.now()))
          }
        >
          Export JSON
        </button>
      </div>
      {current?.status === 'error' ? (
        <EmptyState title="These two cannot be compared" testId="compare-error">
          <p>{current.error}</p>
          <button type="button" className="button" onClick={() => setChanging('left')}>
            Change A…
          </button>{' '}
          <button type="button" className="button" onClick={() => setChanging('right')}>
            Change B…
          </button>
        </EmptyState>
      ) : result ? (
        <ComparisonBody result={result} route={route} onChange={setChanging} />
      ) : (
        <p className="muted" data-testid="compare-loading" aria-live="polite">
          Aligning the two sides…
        </p>
      )}
      {changing && (
        <Modal
          title={changing === 'left' ? 'Change A' : 'Change B'}
          onClose={() => setChanging(null)}
          className="compare-picker-modal"
        >
          <ComparePicker
            title={changing === 'left' ? 'Change A · baseline' : 'Change B · compared'}
            onPick={(side) => {
              setChanging(null);
              navigate(withSide(route, changing, side));
            }}
          />
        </Modal>
      )}
    </section>
  );
}

function ComparisonBody({
  result,
  route,
  onChange,
}: {
  result: CompareResult;
  route: CompareRoute;
  onChange: (which: Which) => void;
}) {
  const navigate = useStore(selectNavigate);
  const selectRow = useStore((state) => state.selectCompareRow);
  const selectedRow = useStore(selectCompareSelectedRow);
  const listRef = useRef<VirtuosoHandle>(null);
  const tab = route.tab ?? 'all';
  const visible = useMemo(
    () => filterRows(result.rows, result.left.steps, result.right.steps, tab),
    [result, tab],
  );
  const divergence = useMemo(() => {
    const position = firstDivergence(visible.map((row) => result.rows[row]!));
    return position === null ? null : { position, row: visible[position]! };
  }, [visible, result]);
  const onSelect = useCallback((row: number) => void selectRow(row), [selectRow]);

  const jumpToDivergence = () => {
    if (!divergence) return;
    void selectRow(divergence.row);
    listRef.current?.scrollToIndex({ index: divergence.position, align: 'center' });
  };
  const { counts } = result;

  return (
    <>
      <div className="compare-sides">
        <SideCard side={result.left} which="left" onChange={() => onChange('left')} />
        <SideCard side={result.right} which="right" onChange={() => onChange('right')} />
      </div>
      <DeltasTable result={result} />

      <div className="compare-toolbar">
        <div className="compare-tabs" role="tablist" aria-label="Show steps">
          {COMPARE_TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={name === tab}
              className={`compare-tab${name === tab ? ' is-active' : ''}`}
              data-testid={`compare-tab-${name}`}
              onClick={() => navigate({ ...route, tab: name })}
            >
              {TAB_LABELS[name]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="button"
          data-testid="compare-first-divergence"
          disabled={!divergence}
          title={divergence ? undefined : 'Both sides match on this tab'}
          onClick={jumpToDivergence}
        >
          Jump to first divergence
        </button>
        <span className="muted small" data-testid="compare-counts">
          {counts.same} same · {counts.changed} changed · {counts.left} only in A · {counts.right} only in B
        </span>
      </div>
      {result.method === 'bounded' && (
        <p className="banner banner-warn small">
          These sides differ too much for an exact alignment in time; steps were paired approximately.
        </p>
      )}
      <AlignedSteps
        result={result}
        visible={visible}
        selectedRow={selectedRow}
        onSelect={onSelect}
        listRef={listRef}
      />
      <PairDetail result={result} selectedRow={selectedRow} />
      <MetadataTable result={result} />
    </>
  );
}
