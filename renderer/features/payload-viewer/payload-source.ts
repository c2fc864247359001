import type { PayloadRef } from '@shared/models/payload';

/**
 * What a payload viewer shows: a stored body, fetched with `payloads:get` unless its preview is
 * already the whole body, or text the caller already has (a message, a prompt).
 */
export type PayloadSource =
  { kind: 'ref'; ref: PayloadRef } | { kind: 'text'; text: string; contentType?: string };

export const DEFAULT_CONTENT_TYPE = 'text/plain';

export function sourceContentType(source: PayloadSource): string {
  return source.kind === 'ref' ? source.ref.contentType : (source.contentType ?? DEFAULT_CONTENT_TYPE);
}
