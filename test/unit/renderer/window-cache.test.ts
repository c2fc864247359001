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
  WINDOW_SIZE,
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
    expect(windowsForRange(0, 30, 1_000_000)).toEqual([0]);
    expect(windowsForRange(90, 130, 1_000_000)).toEqual([0, 1]);
    expect(windowsForRange(520, 540, 1_000_000)).toEqual([4, 5]);
    expect(windowsForRange(999_990, 999_999, 1_000_000)).toEqual([9999]);
    expect(windowsForRange(0, 40, 0)).toEqual([]);
    expect(windowsForRange(0, 40, 12)).toEqual([0]);
  });

  it('fetches only windows neither cached nor in flight', () => {
    const cache = putWindows(emptyCache(7), splitRows(rows(0, 100), [0], 1000));
    expect(missingWindows(cache, [0, 1, 2], new Set([windowKey(7, 2)]))).toEqual([1]);
    expect(missingWindows(cache, [0, 1, 2], new Set([windowKey(6, 2)]))).toEqual([1, 2]);
  });

  it('groups adjacent windows into requests of at most 1,000 rows', () => {
    expect(fetchBatches([3, 1, 2, 7])).toEqual([
      { start: 100, count: 300, windows: [1, 2, 3] },
      { start: 700, count: 100, windows: [7] },
    ]);
    const many = Array.from({ length: 12 }, (_, i) => i);
    expect(fetchBatches(many).map((b) => b.count)).toEqual([1000, 200]);
  });

  it('places rows by position and leaves holes where rows were deleted', () => {
    const fetched = rows(100, 200).filter((r) => r.position !== 150);
    const cache = putWindows(emptyCache(1), splitRows(fetched, [1], 180));
    expect(rowAt(cache, 149)?.session.id).toBe('s149');
    expect(rowAt(cache, 150)).toBeNull();
    expect(rowAt(cache, 179)?.session.id).toBe('s179');
    expect(rowAt(cache, 180)).toBeUndefined();
    expect(rowAt(cache, 20)).toBeUndefined();
  });

  it('evicts the least recently used windows and keeps touched ones', () => {
    let cache = emptyCache(1);
    for (let w = 0; w < 4; w++) {
      cache = putWindows(cache, splitRows(rows(w * WINDOW_SIZE, (w + 1) * WINDOW_SIZE), [w], 10_000), 3);
    }
    expect([...cache.windows.keys()].sort()).toEqual([1, 2, 3]);
    cache = touchWindows(cache, [1]);
    cache = putWindows(cache, splitRows(rows(400, 500), [4], 10_000), 3);
    expect([...cache.windows.keys()].sort()).toEqual([1, 3, 4]);
  });

  it('does not copy the cache when touching what is already most recent', () => {
    const cache = putWindows(emptyCache(1), splitRows(rows(0, 100), [0], 1000));
    expect(touchWindows(cache, [0])).toBe(cache);
    expect(touchWindows(cache, [5])).toBe(cache);
  });

  it('finds sessions by id and lists the ids of a range with completeness', () => {
    const cache = putWindows(emptyCache(1), splitRows([...rows(0, 100), ...rows(200, 300)], [0, 2], 1000));
    expect(indexOfSession(cache, 's250')).toBe(250);
    expect(indexOfSession(cache, 's150')).toBe(-1);
    expect(idsInRange(cache, 98, 99)).toEqual({ ids: ['s98', 's99'], isComplete: true });
    expect(idsInRange(cache, 99, 98)).toEqual({ ids: ['s98', 's99'], isComplete: true });
    expect(idsInRange(cache, 99, 201).isComplete).toBe(false);
  });

  it('patches the rows of given sessions without touching other windows', () => {
    const cache = putWindows(emptyCache(1), splitRows([...rows(0, 100), ...rows(100, 200)], [0, 1], 1000));
    const patched = updateSessionRows(cache, new Set(['s5']), (r) => ({
      ...r,
      session: { ...r.session, status: 'pausing' },
    }));
    expect(rowAt(patched, 5)?.session.status).toBe('pausing');
    expect(patched.windows.get(1)).toBe(cache.windows.get(1));
    expect(updateSessionRows(cache, new Set(['nope']), (r) => r)).toBe(cache);
  });
});
