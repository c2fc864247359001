import type { CompareResult, CompareRow, CompareStep, StepPart } from '@shared/models/compare';
import { memo, useCallback, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { formatCount, formatDuration } from '../../lib/format';
import { selectCompareRowDetail } from '../../state/compare-slice';
import { useStore } from '../../state/store';
import { PayloadDiff } from '../payload-viewer/payload-diff';
import type { PayloadSource } from '../payload-viewer/payload-source';
import { PART_LABELS, PART_ORDER, formatStepDelta, stepLabel, stepSummary } from './compare-format';

/** Every row has this height, so Virtuoso never measures and jumps land exactly. */
export const STEP_ROW_HEIGHT = 48;

function StepCell({ step }: { step: CompareStep | null }) {
  if (!step) return <div className="compare-cell is-empty" aria-hidden="true" />;
  return (
    <div className={`compare-cell kind-${step.kind}${step.isError ? ' is-error' : ''}`}>
      <div className="compare-cell-head">
        <span className="compare-step-label">{stepLabel(step)}</span>
        <span className="compare-cell-figures muted">
          {step.tokens !== null && <span>{formatCount(step.tokens)} tok</span>}
          {step.durationMs !== null && <span>{formatDuration(step.durationMs)}</span>}
        </span>
      </div>
      <div className="compare-cell-text" title={step.excerpt ?? undefined}>
        {stepSummary(step)}
      </div>
    </div>
  );
}

const DIFF_LABELS: Record<CompareRow['diff'], string> = {
  same: 'Same',
  changed: 'Changed',
  left: 'Only in A',
  right: 'Only in B',
};

const StepRow = memo(function StepRow({
  result,
  rowIndex,
  isSelected,
  onSelect,
}: {
  result: CompareResult;
  rowIndex: number;
  isSelected: boolean;
  onSelect: (row: number) => void;
}) {
  const row = result.rows[rowIndex]!;
  const left = row.left === null ? null : (result.left.steps[row.left] ?? null);
  const right = row.right === null ? null : (result.right.steps[row.right] ?? null);
  const duration = formatStepDelta(row.durationDeltaMs, 'ms');
  const tokens = formatStepDelta(row.tokenDelta, 'tok');
  return (
    <div
      id={`compare-row-${rowIndex}`}
      className={`compare-row diff-${row.diff}${isSelected ? ' is-selected' : ''}`}
      role="option"
      aria-selected={isSelected}
      aria-label={`${DIFF_LABELS[row.diff]}: ${(left ?? right) ? stepLabel((left ?? right)!) : ''}`}
      data-testid="compare-step"
      data-diff={row.diff}
      data-row={rowIndex}
      onClick={() => onSelect(rowIndex)}
    >
      <StepCell step={left} />
      <div className="compare-gutter" title={DIFF_LABELS[row.diff]}>
        <span className="compare-diff-mark">
          {row.diff === 'same' ? '=' : row.diff === 'changed' ? '≠' : row.diff === 'left' ? '−' : '+'}
        </span>
        {duration && <span className={row.durationDeltaMs! > 0 ? 'is-worse' : 'is-better'}>{duration}</span>}
        {tokens && <span className={row.tokenDelta! > 0 ? 'is-worse' : 'is-better'}>{tokens}</span>}
      </div>
      <StepCell step={right} />
    </div>
  );
});

/**
 * Both sides' steps in one virtualized list of aligned rows, so the two columns scroll as one.
 * Arrow keys, Home and End move the selection.
 */
export function AlignedSteps({
  result,
  visible,
  selectedRow,
  onSelect,
  listRef,
}: {
  result: CompareResult;
  /** Indexes of the rows the current tab shows. */
  visible: readonly number[];
  selectedRow: number;
  onSelect: (row: number) => void;
  listRef: RefObject<VirtuosoHandle | null>;
}) {
  const itemContent = useCallback(
    (index: number) => (
      <StepRow
        result={result}
        rowIndex={visible[index]!}
        isSelected={visible[index] === selectedRow}
        onSelect={onSelect}
      />
    ),
    [result, visible, selectedRow, onSelect],
  );
  const computeItemKey = useCallback((index: number) => visible[index] ?? index, [visible]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (visible.length === 0) return;
    const position = visible.indexOf(selectedRow);
    const last = visible.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? position < 0
          ? 0
          : Math.min(last, position + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, position - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    onSelect(visible[next]!);
    listRef.current?.scrollIntoView({ index: next });
  };

  if (visible.length === 0) {
    return (
      <p className="compare-steps-empty muted" data-testid="compare-steps-empty">
        No step on either side belongs to this tab.
      </p>
    );
  }
  return (
    <div
      className="compare-steps"
      role="listbox"
      tabIndex={0}
      aria-label="Aligned steps: A on the left, B on the right"
      aria-activedescendant={selectedRow >= 0 ? `compare-row-${selectedRow}` : undefined}
      data-testid="compare-steps"
      onKeyDown={onKeyDown}
    >
      <Virtuoso
        ref={listRef}
        style={{ height: '100%' }}
        totalCount={visible.length}
        fixedItemHeight={STEP_ROW_HEIGHT}
        computeItemKey={computeItemKey}
        itemContent={itemContent}
      />
    </div>
  );
}

function toSource(part: StepPart | undefined): PayloadSource | null {
  if (!part) return null;
  return part.ref ? { kind: 'ref', ref: part.ref } : { kind: 'text', text: part.text ?? '' };
}

/** The selected pair's bodies in the payload diff, one part (text, arguments, result…) at a time. */
export function PairDetail({ result, selectedRow }: { result: CompareResult; selectedRow: number }) {
  const detail = useStore(selectCompareRowDetail);
  const [chosenPart, setChosenPart] = useState<StepPart['name'] | null>(null);
  const current = detail?.row === selectedRow ? detail : null;
  const names = useMemo(
    () =>
      current
        ? PART_ORDER.filter((name) => [...current.left, ...current.right].some((part) => part.name === name))
        : [],
    [current],
  );
  const part = chosenPart !== null && names.includes(chosenPart) ? chosenPart : (names[0] ?? null);
  const leftPart = current?.left.find((p) => p.name === part);
  const rightPart = current?.right.find((p) => p.name === part);
  const leftSource = useMemo(() => toSource(leftPart), [leftPart]);
  const rightSource = useMemo(() => toSource(rightPart), [rightPart]);

  const row = result.rows[selectedRow];
  if (!row) {
    return (
      <p className="compare-detail muted" data-testid="compare-detail-empty">
        Select a row to see both sides’ bodies side by side.
      </p>
    );
  }
  const left = row.left === null ? null : result.left.steps[row.left];
  const right = row.right === null ? null : result.right.steps[row.right];
  const title = stepLabel((left ?? right)!);
  return (
    <section className="compare-detail" data-testid="compare-detail" aria-label={`Selected pair: ${title}`}>
      <div className="compare-detail-head">
        <h2>
          {DIFF_LABELS[row.diff]}: {title}
        </h2>
        {names.length > 1 && (
          <div className="compare-parts" role="tablist" aria-label="Body">
            {names.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={name === part}
                className={`compare-tab${name === part ? ' is-active' : ''}`}
                data-testid={`compare-part-${name}`}
                onClick={() => setChosenPart(name)}
              >
                {PART_LABELS[name]}
              </button>
            ))}
          </div>
        )}
      </div>
      {!current || current.status === 'loading' ? (
        <p className="muted" data-testid="compare-detail-loading">
          Loading…
        </p>
      ) : current.status === 'error' ? (
        <p className="error-text">{current.error}</p>
      ) : part === null ? (
        <p className="muted">Neither step has a body to compare.</p>
      ) : (
        <PayloadDiff
          left={leftSource}
          right={rightSource}
          title={`${PART_LABELS[part]}: ${title}`}
          leftLabel={left ? `A · ${stepLabel(left)}` : 'A · (no step)'}
          rightLabel={right ? `B · ${stepLabel(right)}` : 'B · (no step)'}
          height={320}
        />
      )}
    </section>
  );
}
