import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  extendTo,
  gestureOf,
  reanchor,
  selectAll,
  selectOnly,
  toggle,
} from '../../../renderer/lib/selection';

const ids = (selection: { ids: ReadonlySet<string> }) => [...selection.ids].sort();
const keys = { shiftKey: false, ctrlKey: false, metaKey: false };

describe('the selection model', () => {
  it('reads a plain click as replace, ctrl or cmd as toggle, shift as range', () => {
    expect(gestureOf(keys)).toBe('replace');
    expect(gestureOf({ ...keys, ctrlKey: true })).toBe('toggle');
    expect(gestureOf({ ...keys, metaKey: true })).toBe('toggle');
    expect(gestureOf({ ...keys, shiftKey: true, ctrlKey: true })).toBe('range');
  });

  it('replaces on click and toggles with ctrl, moving the anchor', () => {
    let selection = selectOnly(3, 'c');
    expect(ids(selection)).toEqual(['c']);
    selection = toggle(selection, 5, 'e');
    expect(ids(selection)).toEqual(['c', 'e']);
    expect(selection.anchor).toEqual({ index: 5, id: 'e' });
    selection = toggle(selection, 3, 'c');
    expect(ids(selection)).toEqual(['e']);
  });

  it('extends from the anchor with shift and keeps the anchor for the next extension', () => {
    const anchored = selectOnly(2, 'b');
    const extended = extendTo(anchored, 4, ['b', 'c', 'd'], 'd');
    expect(ids(extended)).toEqual(['b', 'c', 'd']);
    expect(extended.anchor).toEqual({ index: 2, id: 'b' });
    expect(ids(extendTo(EMPTY_SELECTION, 4, ['x'], 'd'))).toEqual(['d']);
  });

  it('selects all given ids without an anchor', () => {
    const all = selectAll(['a', 'b', 'a']);
    expect(ids(all)).toEqual(['a', 'b']);
    expect(all.anchor).toBeNull();
  });

  it('finds the anchor again after the rows moved, or drops it', () => {
    const selection = selectOnly(2, 'b');
    expect(reanchor(selection, () => 7).anchor).toEqual({ index: 7, id: 'b' });
    expect(reanchor(selection, () => 2)).toBe(selection);
    expect(reanchor(selection, () => -1)).toEqual({ ids: selection.ids, anchor: null });
  });
});
