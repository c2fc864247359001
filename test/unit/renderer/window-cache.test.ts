import { describe, expect, it } from 'vitest';
import type { SessionListRow } from '@shared/models/session-query';
import {
  emptyCache,
  fetchBatches,
  idsInRange,
  indexOfSession,
  missingWindows,
  putWindows,
  rowAt,
  splitRows,
  touchWindows,
  updateSessionRows,
  windowKey,
  windowsForRange,
  MAX_FETCH_ROWS,
  WINDOW_SIZE as W,
} from '../../../renderer/lib/window-cache';

function row(position: number): SessionListRow {
  return {
    position,
    snippet: null,
    session: { id: `s${position}`, status: 'running' } as SessionListRow['session'],
  };
}

function rows(from: number, to: number): SessionListRow[] {
  return Array.from({ length: to - from }, (_, i) => row(from + i));
}

describe('the list window cache', () => {
  it('asks for the aligned windows around the visible range, clipped to the total', () => {
    // Half a window of overscan on each side.
    expect(windowsForRange(0, W / 2 - 1, 1_000_000)).toEqual([0]);
    expect(windowsForRange(0, W / 2, 1_000_000)).toEqual([0, 1]);
    expect(windowsForRange(W - 10, W + 10, 1_000_000)).toEqual([0, 1]);
    expect(windowsForRange(5 * W + W / 4, 5 * W + W / 3, 1_000_000)).toEqual([4, 5]);
    expect(windowsForRange(999_990, 999_999, 1_000_000)).toEqual([1_000_000 / W - 1]);
    expect(windowsForRange(0, 40, 0)).toEqual([]);
    expect(windowsForRange(0, 40, 12)).toEqual([0]);
    // Without overscan: only the windows the range itself touches.
    expect(windowsForRange(0, W - 1, 1_000_000, 0)).toEqual([0]);
    expect(windowsForRange(W - 1, W, 1_000_000, 0)).toEqual([0, 1]);
  });

  it('fetches only windows neither cached nor in flight', () => {
    const cache = putWindows(emptyCache(7), splitRows(rows(0, W), [0], 1000));
    expect(missingWindows(cache, [0, 1, 2], new Set([windowKey(7, 2)]))).toEqual([1]);
    expect(missingWindows(cache, [0, 1, 2], new Set([windowKey(6, 2)]))).toEqual([1, 2]);
  });

  it('groups adjacent windows into requests of at most 1,000 rows', () => {
    expect(fetchBatches([3, 1, 2, 7])).toEqual([
      { start: W, count: 3 * W, windows: [1, 2, 3] },
      { start: 7 * W, count: W, windows: [7] },
    ]);
    const perRequest = MAX_FETCH_ROWS / W;
    const many = Array.from({ length: perRequest + 2 }, (_, i) => i);
    expect(fetchBatches(many).map((b) => b.count)).toEqual([MAX_FETCH_ROWS, 2 * W]);
  });

  it('places rows by position and leaves holes where rows were deleted', () => {
    const hole = W + 10;
    const total = 2 * W - 5;
    const fetched = rows(W, 2 * W).filter((r) => r.position !== hole);
    const cache = putWindows(emptyCache(1), splitRows(fetched, [1], total));
    expect(rowAt(cache, hole - 1)?.session.id).toBe(`s${hole - 1}`);
    expect(rowAt(cache, hole)).toBeNull();
    expect(rowAt(cache, total - 1)?.session.id).toBe(`s${total - 1}`);
    expect(rowAt(cache, total)).toBeUndefined();
    expect(rowAt(cache, 20)).toBeUndefined();
  });

  it('evicts the least recently used windows and keeps touched ones', () => {
    let cache = emptyCache(1);
    for (let w = 0; w < 4; w++) {
      cache = putWindows(cache, splitRows(rows(w * W, (w + 1) * W), [w], 10_000), 3);
    }
    expect([...cache.windows.keys()].sort()).toEqual([1, 2, 3]);
    cache = touchWindows(cache, [1]);
    cache = putWindows(cache, splitRows(rows(4 * W, 5 * W), [4], 10_000), 3);
    expect([...cache.windows.keys()].sort()).toEqual([1, 3, 4]);
  });

  it('does not copy the cache when touching what is already most recent', () => {
    const cache = putWindows(emptyCache(1), splitRows(rows(0, W), [0], 1000));
    expect(touchWindows(cache, [0])).toBe(cache);
    expect(touchWindows(cache, [5])).toBe(cache);
  });

  it('finds sessions by id and lists the ids of a range with completeness', () => {
    const cache = putWindows(emptyCache(1), splitRows([...rows(0, W), ...rows(2 * W, 3 * W)], [0, 2], 1000));
    expect(indexOfSession(cache, `s${2 * W + 5}`)).toBe(2 * W + 5);
    expect(indexOfSession(cache, `s${W + 5}`)).toBe(-1);
    const lastTwo = { ids: [`s${W - 2}`, `s${W - 1}`], isComplete: true };
    expect(idsInRange(cache, W - 2, W - 1)).toEqual(lastTwo);
    expect(idsInRange(cache, W - 1, W - 2)).toEqual(lastTwo);
    expect(idsInRange(cache, W - 1, 2 * W + 1).isComplete).toBe(false);
  });

  it('patches the rows of given sessions without touching other windows', () => {
    const cache = putWindows(emptyCache(1), splitRows(rows(0, 2 * W), [0, 1], 1000));
    const patched = updateSessionRows(cache, new Set(['s5']), (r) => ({
      ...r,
      session: { ...r.session, status: 'pausing' },
    }));
    expect(rowAt(patched, 5)?.session.status).toBe('pausing');
    expect(patched.windows.get(1)).toBe(cache.windows.get(1));
    expect(updateSessionRows(cache, new Set(['nope']), (r) => r)).toBe(cache);
  });
});
