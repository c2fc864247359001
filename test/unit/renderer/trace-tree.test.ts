import { describe, expect, it } from 'vitest';
import {
  buildTraceTree,
  collapseAll,
  expandAncestors,
  formatMicros,
  formatNanoTime,
  rowOfSpan,
  visibleRows,
} from '../../../renderer/features/trace/trace-tree';

//   0 ─┬─ 1 ─┬─ 3
//      │     └─ 4 ── 6
//      └─ 2
//   5 (root: parent missing)       7 (root: its own parent)
const PARENTS = [-1, 0, 0, 1, 1, -1, 4, 7];

describe('trace tree', () => {
  it('orders spans depth first with siblings in start order, with depths and subtree sizes', () => {
    const tree = buildTraceTree(PARENTS);
    expect([...tree.order]).toEqual([0, 1, 3, 4, 6, 2, 5, 7]);
    expect([...tree.depth]).toEqual([0, 1, 1, 2, 2, 0, 3, 0]);
    expect([...tree.size]).toEqual([6, 4, 1, 1, 2, 1, 1, 1]);
    expect([...tree.parent]).toEqual([-1, 0, 0, 1, 1, -1, 4, -1]);
    for (let i = 0; i < tree.count; i++) expect(tree.order[tree.position[i]!]).toBe(i);
  });

  it('lists the visible rows, skipping the subtrees of collapsed spans', () => {
    const tree = buildTraceTree(PARENTS);
    const none = new Uint8Array(8);
    expect([...visibleRows(tree, none)]).toEqual([0, 1, 3, 4, 6, 2, 5, 7]);
    const collapsed = new Uint8Array(8);
    collapsed[1] = 1;
    expect([...visibleRows(tree, collapsed)]).toEqual([0, 1, 2, 5, 7]);
    collapsed[0] = 1;
    expect([...visibleRows(tree, collapsed)]).toEqual([0, 5, 7]);
    expect([...visibleRows(tree, collapseAll(tree))]).toEqual([0, 5, 7]);
    // Collapsing a leaf hides nothing.
    const leaf = new Uint8Array(8);
    leaf[3] = 1;
    expect(visibleRows(tree, leaf)).toHaveLength(8);
  });

  it('finds the row of a span, and expands exactly the collapsed ancestors of one', () => {
    const tree = buildTraceTree(PARENTS);
    const collapsed = new Uint8Array(8);
    collapsed[0] = 1;
    collapsed[4] = 1;
    collapsed[2] = 1;
    const rows = visibleRows(tree, collapsed);
    expect(rowOfSpan(tree, rows, 5)).toBe(1);
    expect(rowOfSpan(tree, rows, 6)).toBe(-1);
    const expanded = expandAncestors(tree, collapsed, 6);
    expect([...expanded]).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect(collapsed[0]).toBe(1);
    const shown = visibleRows(tree, expanded);
    expect([...shown]).toEqual([0, 1, 3, 4, 6, 2, 5, 7]);
    expect(rowOfSpan(tree, shown, 6)).toBe(4);
    expect(expandAncestors(tree, expanded, 6)).toBe(expanded);
  });

  it('cuts a cycle of parents into a root instead of losing its spans', () => {
    // 1 and 2 are each other's parent; 3 hangs below 2.
    const tree = buildTraceTree([-1, 2, 1, 2]);
    expect([...tree.order].sort()).toEqual([0, 1, 2, 3]);
    expect([...tree.order]).toEqual([0, 1, 2, 3]);
    expect([...tree.parent]).toEqual([-1, -1, 1, 2]);
  });

  it('handles 100,000 spans nested 100,000 deep, and a wide tree, without recursion', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => i - 1);
    const deep = buildTraceTree(chain);
    expect(deep.depth[99_999]).toBe(99_999);
    expect(deep.size[0]).toBe(100_000);
    const collapsed = new Uint8Array(100_000);
    collapsed[50_000] = 1;
    expect(visibleRows(deep, collapsed)).toHaveLength(50_001);

    const wide = buildTraceTree(
      Array.from({ length: 100_000 }, (_, i) => (i === 0 ? -1 : Math.floor((i - 1) / 8))),
    );
    expect(wide.size[0]).toBe(100_000);
    expect(visibleRows(wide, collapseAll(wide))).toHaveLength(1);
  });

  it('formats durations and nanosecond times', () => {
    expect(formatMicros(0)).toBe('0 µs');
    expect(formatMicros(850)).toBe('850 µs');
    expect(formatMicros(1234)).toBe('1.23 ms');
    expect(formatMicros(12_345)).toBe('12.3 ms');
    expect(formatMicros(3_250_000)).toBe('3.25 s');
    expect(formatMicros(15_000_000)).toBe('15.0 s');
    expect(formatMicros(125_000_000)).toBe('2 m 05 s');
    expect(formatMicros(-1)).toBe('—');
    expect(formatNanoTime('1750000000123456789')).toBe('2025-06-15T15:06:40.123456789Z');
  });
});
