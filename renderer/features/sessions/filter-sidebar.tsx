import type { FacetCount } from '@shared/models/session-query';
import { SESSION_KINDS, TRIGGER_TYPES } from '@shared/models/vocabulary';
import { SESSION_STATUSES, STATUS_LABELS } from '@shared/models/status';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatInteger } from '../../lib/format';
import { KIND_LABELS, TRIGGER_LABELS } from '../../lib/labels';
import { isSameView, TIME_RANGE_LABELS, TIME_RANGES, toggleValue } from '../../lib/view-state';
import { selectFacets, selectFilters, selectViewState } from '../../state/sessions-slice';
import { selectSavedViews } from '../../state/settings-slice';
import { useStore } from '../../state/store';

function countsOf(facets: readonly FacetCount[] | undefined): Map<string, number> | null {
  return facets ? new Map(facets.map((f) => [f.value, f.count])) : null;
}

function FacetGroup<T extends string>({
  id,
  title,
  values,
  labels,
  counts,
  selected,
  onToggle,
  collapsedAfter,
}: {
  id: string;
  title: string;
  values: readonly T[];
  labels: (value: T) => string;
  counts: Map<string, number> | null;
  selected: readonly T[];
  onToggle: (value: T) => void;
  /** Values with no sessions beyond this many are folded away until asked for. */
  collapsedAfter?: number;
}) {
  const [isExpanded, setExpanded] = useState(false);
  const visible =
    isExpanded || collapsedAfter === undefined
      ? values
      : values.filter((v, i) => i < collapsedAfter || selected.includes(v) || (counts?.get(v) ?? 0) > 0);
  const hidden = values.length - visible.length;
  return (
    <fieldset className="facet-group" data-testid={`facet-${id}`}>
      <legend>{title}</legend>
      {visible.map((value) => {
        const count = counts?.get(value);
        const isChecked = selected.includes(value);
        return (
          <label
            key={value}
            className={`facet-option ${count === 0 && !isChecked ? 'is-empty' : ''}`}
            data-testid={`filter-${id}-${value}`}
          >
            <input type="checkbox" checked={isChecked} onChange={() => onToggle(value)} />
            <span className="facet-label">{labels(value)}</span>
            <span className="facet-count" data-testid="facet-count">
              {count === undefined ? '' : formatInteger(count)}
            </span>
          </label>
        );
      })}
      {hidden > 0 && (
        <button type="button" className="link-button" onClick={() => setExpanded(true)}>
          Show {hidden} more
        </button>
      )}
    </fieldset>
  );
}

function SavedViews() {
  const savedViews = useStore(selectSavedViews);
  const view = useStore(selectViewState);
  const applyView = useStore((state) => state.applyView);
  const deleteSavedView = useStore((state) => state.deleteSavedView);
  if (savedViews.length === 0) return null;
  return (
    <nav className="saved-views" aria-label="Saved views" data-testid="saved-views">
      <h2>Saved views</h2>
      <ul>
        {savedViews.map((saved) => (
          <li key={saved.id} className={isSameView(saved.view, view) ? 'is-active' : ''}>
            <button
              type="button"
              className="saved-view"
              data-testid="saved-view"
              aria-current={isSameView(saved.view, view) ? 'true' : undefined}
              onClick={() => applyView(saved.view)}
            >
              {saved.name}
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Delete saved view ${saved.name}`}
              onClick={() => deleteSavedView(saved.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Filters with per-value counts (each counted with the other filters applied) and saved views. */
export function FilterSidebar() {
  const filters = useStore(selectFilters);
  const facets = useStore(selectFacets);
  const setFilters = useStore((state) => state.setFilters);
  const targets = useStore(useShallow((state) => state.targets.map((t) => t.target)));
  const targetIds = targets.map((t) => t.id);
  const targetNames = new Map(targets.map((t) => [t.id, t.name]));
  // Sessions can outlive their target's listing (e.g. while it loads): keep them filterable.
  for (const facet of facets?.targets ?? []) if (!targetNames.has(facet.value)) targetIds.push(facet.value);
  const errors = countsOf(facets?.errors);

  return (
    <aside className="filter-sidebar" aria-label="Filters" data-testid="filter-sidebar">
      <SavedViews />
      <FacetGroup
        id="status"
        title="Status"
        values={SESSION_STATUSES}
        labels={(v) => STATUS_LABELS[v]}
        counts={countsOf(facets?.statuses)}
        selected={filters.statuses}
        onToggle={(v) => setFilters({ statuses: toggleValue(filters.statuses, v, SESSION_STATUSES) })}
      />
      <FacetGroup
        id="kind"
        title="Kind"
        values={SESSION_KINDS}
        labels={(v) => KIND_LABELS[v]}
        counts={countsOf(facets?.kinds)}
        selected={filters.kinds}
        onToggle={(v) => setFilters({ kinds: toggleValue(filters.kinds, v, SESSION_KINDS) })}
      />
      <FacetGroup
        id="trigger"
        title="Trigger"
        values={TRIGGER_TYPES}
        labels={(v) => TRIGGER_LABELS[v]}
        counts={countsOf(facets?.triggerTypes)}
        selected={filters.triggerTypes}
        onToggle={(v) => setFilters({ triggerTypes: toggleValue(filters.triggerTypes, v, TRIGGER_TYPES) })}
        collapsedAfter={6}
      />
      {targetIds.length > 0 && (
        <FacetGroup
          id="target"
          title="Target"
          values={targetIds}
          labels={(v) => targetNames.get(v) ?? v}
          counts={countsOf(facets?.targets)}
          selected={filters.targetIds}
          onToggle={(v) => setFilters({ targetIds: toggleValue(filters.targetIds, v, targetIds) })}
        />
      )}
      <fieldset className="facet-group" data-testid="facet-time">
        <legend>Started</legend>
        <select
          aria-label="Time range"
          data-testid="filter-time"
          value={filters.timeRange}
          onChange={(event) => setFilters({ timeRange: event.target.value as (typeof TIME_RANGES)[number] })}
        >
          {TIME_RANGES.map((range) => (
            <option key={range} value={range}>
              {TIME_RANGE_LABELS[range]}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset className="facet-group" data-testid="facet-errors">
        <legend>Errors</legend>
        {(
          [
            [null, 'Any', null],
            [true, 'With errors', 'with-errors'],
            [false, 'Without errors', 'without-errors'],
          ] as const
        ).map(([value, label, facet]) => (
          <label key={label} className="facet-option" data-testid={`filter-errors-${facet ?? 'any'}`}>
            <input
              type="radio"
              name="has-errors"
              checked={filters.hasErrors === value}
              onChange={() => setFilters({ hasErrors: value })}
            />
            <span className="facet-label">{label}</span>
            <span className="facet-count" data-testid="facet-count">
              {facet && errors?.get(facet) !== undefined ? formatInteger(errors.get(facet) ?? 0) : ''}
            </span>
          </label>
        ))}
      </fieldset>
    </aside>
  );
}
