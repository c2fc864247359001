import type { IngestActivity, IngestPayload } from '@shared/models/ingest';

// Small conversions every connector's mapping needs, kept in one place so sources agree on how
// text is bounded and bodies are typed.

/** Text longer than this moves to a payload; the feed keeps an excerpt. */
export const INLINE_TEXT_LIMIT = 16 * 1024;
export const EXCERPT_LENGTH = 2_000;

/** ISO-8601 to epoch ms; a time without a zone is UTC. Null when absent or unreadable. */
export function isoToMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** A value as display text: strings as they are, anything else as indented JSON. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** A value as a stored body: strings with `contentType` (plain text by default), others as JSON. */
export function payloadOf(value: unknown, contentType?: string): IngestPayload | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return { contentType: contentType ?? 'text/plain', body: value };
  return { contentType: 'application/json', body: JSON.stringify(value) };
}

/** `text` inline when short; otherwise an excerpt inline and the whole text as `body`. */
export function textFields(value: unknown): Pick<IngestActivity, 'text' | 'body'> {
  const text = asText(value);
  if (text === null || text.length <= INLINE_TEXT_LIMIT) return { text, body: null };
  return {
    text: text.slice(0, EXCERPT_LENGTH),
    body: { contentType: typeof value === 'string' ? 'text/markdown' : 'application/json', body: text },
  };
}

/** Distinct non-empty strings, in first-seen order. */
export function unique(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}
