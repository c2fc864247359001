/** Characters of a text kept inline in a hot table (prompts, summaries, messages, errors). */
export const EXCERPT_CHARS = 2000;
/** Characters of a payload body kept as its preview next to its metadata. */
export const PAYLOAD_PREVIEW_CHARS = 2000;
/** Characters one activity item contributes to its session's search document. */
export const SEARCH_ITEM_CHARS = 4096;
/**
 * Characters of a session's activity that are searchable. A 10,000-item session would
 * otherwise index tens of megabytes, most of it repeated tool output.
 */
export const SEARCH_ACTIVITY_CHARS = 262_144;
/** Span attributes and events beyond this many characters of JSON move to a payload. */
export const SPAN_INLINE_CHARS = 16_384;
/**
 * Sessions scanned, newest first, for a text filter with no word of 3 or more characters:
 * the trigram index cannot look those up, and a scan of every session would take seconds.
 */
export const RECENT_SCAN_LIMIT = 10_000;

/** The first `max` UTF-16 units of `text`, without splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
