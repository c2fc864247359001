import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  DEFAULT_VIEW,
  emptyFilters,
  isSameView,
  parseSavedViews,
  parseViewState,
  toggleValue,
  toSessionQuery,
} from '../../../renderer/lib/view-state';

const NOW = Date.UTC(2026, 10, 2, 12);

describe('the Sessions view state', () => {
  it('turns filters into a list query, resolving relative time ranges against now', () => {
    const query = toSessionQuery(
      {
        filters: {
          ...emptyFilters(),
          statuses: ['failed'],
          timeRange: '24h',
          hasErrors: true,
          text: '  refund  ',
        },
        sort: { field: 'costUsd', direction: 'desc' },
      },
      NOW,
    );
    expect(query).toEqual({
      statuses: ['failed'],
      startedFrom: NOW - 86_400_000,
      hasErrors: true,
      text: 'refund',
      sort: { field: 'costUsd', direction: 'desc' },
    });
    expect(toSessionQuery(DEFAULT_VIEW, NOW)).toEqual({ sort: { field: 'startedAt', direction: 'desc' } });
  });

  it('restores what it can from a persisted value and defaults the rest', () => {
    expect(parseViewState(null)).toEqual(DEFAULT_VIEW);
    const restored = parseViewState({
      filters: { kinds: ['team', 'robot'], statuses: 'nope', timeRange: '7d' },
      sort: { field: 'costUsd', direction: 'asc' },
    });
    expect(restored.filters.kinds).toEqual(emptyFilters().kinds);
    expect(restored.filters.statuses).toEqual([]);
    expect(restored.filters.timeRange).toBe('7d');
    expect(restored.sort).toEqual({ field: 'costUsd', direction: 'asc' });
  });

  it('drops each broken or unknown field on its own, keeping the field order fixed', () => {
    const restored = parseViewState({
      extra: true,
      sort: { direction: 'up', field: 'costUsd' },
      filters: {
        text: 'x'.repeat(501),
        hasErrors: 'yes',
        targetIds: ['t1', 7],
        triggerTypes: ['schedule', 'cli'],
        statuses: ['failed', 'running'],
        unknown: 1,
      },
    });
    expect(restored).toEqual({
      filters: { ...emptyFilters(), statuses: ['failed', 'running'], triggerTypes: ['schedule', 'cli'] },
      sort: DEFAULT_VIEW.sort,
    });
    expect(Object.keys(restored)).toEqual(['filters', 'sort']);
    expect(parseViewState({ filters: 'junk' }).filters).toEqual(emptyFilters());
    expect(parseViewState([DEFAULT_VIEW])).toEqual(DEFAULT_VIEW);
    expect(parseViewState({ filters: { text: 'refund', hasErrors: false } }).filters).toMatchObject({
      text: 'refund',
      hasErrors: false,
    });
  });

  it('keeps only saved views that still parse', () => {
    const views = parseSavedViews([
      {
        id: '1',
        name: 'Failures',
        view: { filters: { ...emptyFilters(), statuses: ['failed'] }, sort: DEFAULT_VIEW.sort },
      },
      { id: '2', name: '' },
      { id: '3', name: 'x'.repeat(81), view: DEFAULT_VIEW },
      { id: 4, name: 'Numeric id', view: DEFAULT_VIEW },
      { id: '5', name: 'No view' },
      'junk',
    ]);
    expect(views.map((v) => v.name)).toEqual(['Failures']);
    expect(parseSavedViews({})).toEqual([]);
  });

  it('counts active filters and compares views', () => {
    expect(activeFilterCount(emptyFilters())).toBe(0);
    expect(activeFilterCount({ ...emptyFilters(), kinds: ['agent'], hasErrors: false, text: ' ' })).toBe(2);
    expect(isSameView(DEFAULT_VIEW, { sort: DEFAULT_VIEW.sort, filters: emptyFilters() })).toBe(true);
    expect(
      isSameView(DEFAULT_VIEW, { ...DEFAULT_VIEW, sort: { field: 'durationMs', direction: 'desc' } }),
    ).toBe(false);
  });

  it('toggles multi-select values in a stable order', () => {
    const order = ['a', 'b', 'c'] as const;
    expect(toggleValue(['c'], 'a', order)).toEqual(['a', 'c']);
    expect(toggleValue(['a', 'c'], 'a', order)).toEqual(['c']);
  });
});
