import { z } from 'zod';

/**
 * Metadata of a stored body (a prompt, tool arguments, a tool result, a run output…). Bodies
 * live outside the hot tables and are fetched on demand; `preview` is the first few KB.
 */
export const PayloadRef = z.object({
  id: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  preview: z.string(),
  /** True when `preview` is the whole body. */
  isComplete: z.boolean(),
});
export type PayloadRef = z.infer<typeof PayloadRef>;

/** `utf8` bodies are the text itself; binary bodies cross IPC as base64. */
export const PayloadEncoding = z.enum(['utf8', 'base64']);
export type PayloadEncoding = z.infer<typeof PayloadEncoding>;

export const Payload = PayloadRef.extend({ body: z.string(), encoding: PayloadEncoding });
export type Payload = z.infer<typeof Payload>;

export * from './payload-files';
