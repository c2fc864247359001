import { z } from 'zod';
import type { IpcResult } from './errors';

/** What `app:info` reports: read from the running core, shown in Settings. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number(),
  /** `electron` inside the desktop app, `web` through the web bridge. */
  transport: z.enum(['electron', 'web']),
  platform: z.string(),
  nodeVersion: z.string(),
  sqliteVersion: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = z.object({}).strict();

/**
 * Every channel the renderer may call: `<domain>:<verb>` → input and output schemas.
 * Inputs are validated in main before any handler runs; outputs are JSON-safe DTOs.
 */
export const CHANNELS = {
  'app:info': { input: Empty, output: AppInfo },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Every push event main may send: `<domain>:<noun>` → payload schema. */
export const EVENTS = {
  'db:changed': z.object({ tables: z.array(z.string()) }),
} as const satisfies Record<string, z.ZodType>;

export type Channel = keyof typeof CHANNELS;
export type ChannelInput<C extends Channel> = z.input<(typeof CHANNELS)[C]['input']>;
export type ParsedChannelInput<C extends Channel> = z.output<(typeof CHANNELS)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof CHANNELS)[C]['output']>;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/** The API the preload exposes as `window.api`, and the web bridge client mirrors. */
export interface TracedeckApi {
  invoke(channel: Channel, input: unknown): Promise<IpcResult<unknown>>;
  on(event: EventName, callback: (payload: unknown) => void): () => void;
}
