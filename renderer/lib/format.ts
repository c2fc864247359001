// Formatting for dense tables: short, stable widths, with the exact value kept for `title`.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 min ago", "3 h ago", "yesterday", "4 d ago", then a short date. Times in the
 * future (clock skew between machines) read "just now" rather than a negative age.
 */
export function formatRelative(at: number | null, now: number): string {
  if (at === null) return '—';
  const age = now - at;
  if (age < 45 * SECOND) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 2 * DAY) return 'yesterday';
  if (age < 30 * DAY) return `${Math.floor(age / DAY)} d ago`;
  return formatShortDate(at, now);
}

// Intl formatters are costly to create (tenths of a millisecond each): a list of rows must not
// make new ones per cell, as `toLocaleString(…, options)` does.
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
// Other years as 2025-10-29: short enough for a narrow column, and unambiguous.
const ISO_DATE = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const ABSOLUTE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatShortDate(at: number, now: number): string {
  const isThisYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return (isThisYear ? SHORT_DATE : ISO_DATE).format(at);
}

/** "in 40 s", "in 3 min", "now": when something scheduled happens. */
export function formatUntil(at: number | null, now: number): string {
  if (at === null) return '—';
  const wait = at - now;
  if (wait <= 5 * SECOND) return 'now';
  if (wait < MINUTE) return `in ${Math.round(wait / SECOND)} s`;
  if (wait < HOUR) return `in ${Math.round(wait / MINUTE)} min`;
  return `in ${Math.round(wait / HOUR)} h`;
}

/** The exact local date and time, for tooltips. */
export function formatAbsolute(at: number | null): string {
  if (at === null) return '';
  return ABSOLUTE.format(at);
}

/** "850 ms", "4.2 s", "3 m 05 s", "2 h 14 m", "3 d 4 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${(ms / SECOND).toFixed(1)} s`;
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) {
    const m = Math.floor(ms / MINUTE);
    return `${m} m ${String(Math.floor((ms % MINUTE) / SECOND)).padStart(2, '0')} s`;
  }
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    return `${h} h ${String(Math.floor((ms % HOUR) / MINUTE)).padStart(2, '0')} m`;
  }
  return `${Math.floor(ms / DAY)} d ${Math.floor((ms % DAY) / HOUR)} h`;
}

/** "980", "12.4k", "3.1M". */
export function formatCount(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Thousands separators, for totals shown in full. */
export function formatInteger(n: number): string {
  return INTEGER.format(Math.round(n));
}

/** "$0.0042", "$0.42", "$12.30"; sub-cent costs to a hundredth of a cent. */
export function formatCost(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 100) return `$${usd.toFixed(2)}`;
  return `$${INTEGER.format(Math.round(usd))}`;
}
