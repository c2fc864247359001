// Multi-selection by session id, so it survives refreshes that move rows around. The anchor is
// where a shift-click range starts, as the file managers and mail clients do it.

export interface Selection {
  ids: ReadonlySet<string>;
  /** The last plainly clicked or toggled row: index in the list and its session id. */
  anchor: { index: number; id: string } | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export type SelectGesture = 'replace' | 'toggle' | 'range';

/** The gesture a click means: shift extends a range, ctrl / cmd toggles, a plain click replaces. */
export function gestureOf(event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectGesture {
  if (event.shiftKey) return 'range';
  if (event.ctrlKey || event.metaKey) return 'toggle';
  return 'replace';
}

/** Selects only this row. */
export function selectOnly(index: number, id: string): Selection {
  return { ids: new Set([id]), anchor: { index, id } };
}

/** Adds or removes one row, which becomes the anchor. */
export function toggle(selection: Selection, index: number, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: { index, id } };
}

/**
 * The rows from the anchor to `index` (the ids the caller resolved for that range) added to the
 * selection; the anchor stays so a second shift-click re-extends from the same row. Without an
 * anchor the clicked row becomes one.
 */
export function extendTo(
  selection: Selection,
  index: number,
  rangeIds: readonly string[],
  id: string,
): Selection {
  if (!selection.anchor) return selectOnly(index, id);
  return { ids: new Set([...selection.ids, ...rangeIds]), anchor: selection.anchor };
}

/** Replaces the selection with `ids` (select all matching the filter). */
export function selectAll(ids: readonly string[]): Selection {
  return { ids: new Set(ids), anchor: null };
}

/** The anchor's index after the list reloaded: found again by id, or dropped. */
export function reanchor(selection: Selection, indexOf: (id: string) => number): Selection {
  if (!selection.anchor) return selection;
  const index = indexOf(selection.anchor.id);
  if (index === selection.anchor.index) return selection;
  return { ...selection, anchor: index === -1 ? null : { index, id: selection.anchor.id } };
}
