import type { PayloadRef } from '@shared/models/payload';

/** What a payload viewer shows: a stored body by reference, or text already at hand. */
export type PayloadSource =
  { kind: 'ref'; ref: PayloadRef } | { kind: 'text'; text: string; contentType?: string };
