import { z } from 'zod';

export const TargetKind = z.enum(['agentos', 'langgraph', 'otel']);
export type TargetKind = z.infer<typeof TargetKind>;

/** A local dev server on this machine, or a cloud account reached with a credential. */
export const TargetLocation = z.enum(['local', 'cloud']);
export type TargetLocation = z.infer<typeof TargetLocation>;

/**
 * How requests authenticate. `security-key` and `jwt` are sent as a Bearer token (AgentOS);
 * `api-key` is sent as the `x-api-key` header (LangGraph deployments).
 */
export const AuthMode = z.enum(['none', 'security-key', 'jwt', 'api-key']);
export type AuthMode = z.infer<typeof AuthMode>;

/**
 * A source Tracedeck syncs from. The credential itself never leaves the main process:
 * the renderer only learns whether one is stored.
 */
export const Target = z.object({
  id: z.string(),
  name: z.string(),
  kind: TargetKind,
  location: TargetLocation,
  baseUrl: z.string(),
  authMode: AuthMode,
  hasCredential: z.boolean(),
  enabled: z.boolean(),
  /** Set by the user for production accounts: no control action is ever sent. */
  readOnly: z.boolean(),
  /** Epoch ms. */
  createdAt: z.number(),
  /** Epoch ms. */
  updatedAt: z.number(),
});
export type Target = z.infer<typeof Target>;
