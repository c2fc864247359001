import { describe, expect, it } from 'vitest';
import {
  formatCost,
  formatCount,
  formatDuration,
  formatRelative,
  formatUntil,
} from '../../../renderer/lib/format';

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('relative times', () => {
  it.each([
    [NOW - 10 * SECOND, 'just now'],
    [NOW + 30 * SECOND, 'just now'],
    [NOW - 50 * SECOND, '1 min ago'],
    [NOW - 5 * MINUTE, '5 min ago'],
    [NOW - 59 * MINUTE, '59 min ago'],
    [NOW - 3 * HOUR, '3 h ago'],
    [NOW - 30 * HOUR, 'yesterday'],
    [NOW - 4 * DAY, '4 d ago'],
  ])('formats %d as %s', (at, expected) => {
    expect(formatRelative(at, NOW)).toBe(expected);
  });

  it('shows a date past a month and a dash for no time', () => {
    expect(formatRelative(NOW - 90 * DAY, NOW)).not.toMatch(/ago/);
    expect(formatRelative(null, NOW)).toBe('—');
  });

  it('says when something scheduled happens', () => {
    expect(formatUntil(NOW + 2 * SECOND, NOW)).toBe('now');
    expect(formatUntil(NOW - MINUTE, NOW)).toBe('now');
    expect(formatUntil(NOW + 40 * SECOND, NOW)).toBe('in 40 s');
    expect(formatUntil(NOW + 3 * MINUTE, NOW)).toBe('in 3 min');
    expect(formatUntil(null, NOW)).toBe('—');
  });
});

describe('durations, counts and costs', () => {
  it.each([
    [850, '850 ms'],
    [4_200, '4.2 s'],
    [42_000, '42 s'],
    [185_000, '3 m 05 s'],
    [2 * HOUR + 14 * MINUTE, '2 h 14 m'],
    [3 * DAY + 4 * HOUR, '3 d 4 h'],
    [null, '—'],
    [-5, '—'],
  ])('formats a duration of %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('abbreviates counts', () => {
    expect(formatCount(980)).toBe('980');
    expect(formatCount(12_400)).toBe('12k');
    expect(formatCount(1_234)).toBe('1.2k');
    expect(formatCount(3_100_000)).toBe('3.1M');
    expect(formatCount(null)).toBe('—');
  });

  it('keeps sub-cent costs readable', () => {
    expect(formatCost(0.00042)).toBe('$0.0004');
    expect(formatCost(0.00004)).toBe('<$0.0001');
    expect(formatCost(0.42)).toBe('$0.42');
    expect(formatCost(1234.5)).toBe('$1,235');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(null)).toBe('—');
  });
});
