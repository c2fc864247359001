/**
 * The span tree behind the waterfall, built from an outline's parent indexes. Every function is
 * iterative and linear (or logarithmic) in the number of spans: traces reach 100,000 spans and
 * nest deeper than a call stack allows.
 */
export interface TraceTree {
  count: number;
  /** Span indexes in tree order: each span before its children, siblings in start order. */
  order: Int32Array;
  /** Where each span is in `order`. */
  position: Int32Array;
  /** The parent each span is shown under; -1 for roots. */
  parent: Int32Array;
  depth: Int32Array;
  /** Spans in each span's subtree, itself included. */
  size: Int32Array;
}

/**
 * Builds the tree from `parents` (span index → parent index, -1 for none), spans being in start
 * order. A parent index out of range or equal to the span makes a root; a cycle of parents is cut
 * where it is first reached, after every real root.
 */
export function buildTraceTree(parents: ArrayLike<number>): TraceTree {
  const n = parents.length;
  const parentOf = (i: number): number => {
    const p = parents[i] ?? -1;
    return p >= 0 && p < n && p !== i ? p : -1;
  };
  // Children lists in one array (CSR): the children of p are children[offsets[p]..offsets[p + 1]).
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = parentOf(i);
    if (p >= 0) offsets[p + 1]! += 1;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parentOf(i);
    if (p >= 0) children[fill[p]!++] = i;
  }

  const order = new Int32Array(n);
  const position = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const isQueued = new Uint8Array(n);
  const stack = new Int32Array(n);
  let placed = 0;
  const walkFrom = (root: number): void => {
    let top = 0;
    stack[top++] = root;
    isQueued[root] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      order[placed] = i;
      position[i] = placed++;
      // Pushed last to first, so the first child comes off the stack first.
      for (let c = offsets[i + 1]! - 1; c >= offsets[i]!; c--) {
        const child = children[c]!;
        if (isQueued[child]) continue;
        isQueued[child] = 1;
        parent[child] = i;
        depth[child] = depth[i]! + 1;
        stack[top++] = child;
      }
    }
  };
  for (let i = 0; i < n; i++) if (parentOf(i) < 0) walkFrom(i);
  for (let i = 0; i < n && placed < n; i++) if (!isQueued[i]) walkFrom(i);

  const size = new Int32Array(n).fill(1);
  for (let pos = n - 1; pos > 0; pos--) {
    const i = order[pos]!;
    const p = parent[i]!;
    if (p >= 0) size[p]! += size[i]!;
  }
  return { count: n, order, position, parent, depth, size };
}

export function hasChildren(tree: TraceTree, index: number): boolean {
  return (tree.size[index] ?? 1) > 1;
}

/** The spans shown, in tree order: every span whose ancestors are all expanded. */
export function visibleRows(tree: TraceTree, collapsed: Uint8Array): Int32Array {
  const rows = new Int32Array(tree.count);
  let k = 0;
  for (let pos = 0; pos < tree.count;) {
    const i = tree.order[pos]!;
    rows[k++] = i;
    pos += collapsed[i] ? tree.size[i]! : 1;
  }
  return rows.slice(0, k);
}

/** The row showing span `index`, or -1 when it is hidden under a collapsed ancestor. */
export function rowOfSpan(tree: TraceTree, rows: Int32Array, index: number): number {
  const target = tree.position[index];
  if (target === undefined) return -1;
  let low = 0;
  let high = rows.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = tree.position[rows[mid]!]!;
    if (at === target) return mid;
    if (at < target) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** `collapsed` with every ancestor of span `index` expanded; the same array when none was collapsed. */
export function expandAncestors(tree: TraceTree, collapsed: Uint8Array, index: number): Uint8Array {
  let next = collapsed;
  for (let p = tree.parent[index] ?? -1; p >= 0; p = tree.parent[p]!) {
    if (!next[p]) continue;
    if (next === collapsed) next = collapsed.slice();
    next[p] = 0;
  }
  return next;
}

/** Every span with children collapsed, so only the roots show. */
export function collapseAll(tree: TraceTree): Uint8Array {
  const collapsed = new Uint8Array(tree.count);
  for (let i = 0; i < tree.count; i++) if (tree.size[i]! > 1) collapsed[i] = 1;
  return collapsed;
}

/** "850 µs", "12.4 ms", "3.25 s", "15.0 s", "2 m 05 s": a span's length from whole microseconds. */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '—';
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 10_000) return `${(us / 1000).toFixed(2)} ms`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us < 10_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us < 60_000_000) return `${(us / 1_000_000).toFixed(1)} s`;
  const s = Math.floor(us / 1_000_000);
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

/** An epoch-nanosecond string as an ISO time with all nine fraction digits, in UTC. */
export function formatNanoTime(ns: string): string {
  const value = BigInt(ns);
  const iso = new Date(Number(value / 1_000_000n)).toISOString();
  return `${iso.slice(0, 19)}.${(value % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}
