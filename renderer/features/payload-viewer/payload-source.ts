import type { PayloadRef } from '@shared/models/payload';

// TEMP payload diff seam: replaced by the payload viewer's own module at merge.

/** What a payload view shows: a stored body by its ref, or text the caller already has. */
export type PayloadSource =
  { kind: 'ref'; ref: PayloadRef } | { kind: 'text'; text: string; contentType?: string };
