import { z } from 'zod';
import { ActivityItem } from '../models/activity';
import { CompareInput, CompareResult } from '../models/compare';
import { TargetCapabilities } from '../models/capabilities';
import { Payload, PayloadRef } from '../models/payload';
import { SessionDetail } from '../models/session-detail';
import { SessionFacets, SessionListRow, SessionQuery, SessionQueryInfo } from '../models/session-query';
import { SessionKind } from '../models/session';
import { Span, SpanPage, SpanPageCursor, TraceOutline, TraceSearchResult } from '../models/span';
import { ControlAction, SessionStatus } from '../models/status';
import { SourceErrorCode, SyncProgressEvent } from '../models/sync';
import { SyncState } from '../models/sync-state';
import { AuthMode, Target, TargetKind, TargetLocation } from '../models/target';
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
const Id = z.string().min(1).max(200);
const HttpUrl = z.url({ protocol: /^https?$/, message: 'Enter an http:// or https:// URL' });

/** What a connector found at a target, shown by "Test connection" and kept per target. */
export const TargetDiscovery = z.object({
  version: z.string().nullable(),
  authMode: z.string().nullable(),
  name: z.string().nullable(),
  components: z.array(z.object({ type: SessionKind, id: z.string(), name: z.string().nullable() })),
  databases: z.array(z.string()),
  capabilities: TargetCapabilities,
  deniedActions: z.partialRecord(ControlAction, z.string()),
});
export type TargetDiscovery = z.infer<typeof TargetDiscovery>;

/** A source error in words, with the server's own detail for "show details". */
export const SourceErrorInfo = z.object({
  code: SourceErrorCode,
  message: z.string(),
  detail: z.string().nullable(),
});
export type SourceErrorInfo = z.infer<typeof SourceErrorInfo>;

export const ConnectionTestResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), discovery: TargetDiscovery }),
  z.object({ ok: z.literal(false), error: SourceErrorInfo }),
]);
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

/** A target with what the Targets view shows about it. The credential itself never crosses. */
export const TargetOverview = z.object({
  target: Target,
  sync: SyncState.nullable(),
  sessionCount: z.number(),
  /** Epoch ms of the next scheduled sync; null when disabled or not scheduled. */
  nextSyncAt: z.number().nullable(),
  isSyncing: z.boolean(),
});
export type TargetOverview = z.infer<typeof TargetOverview>;

const TargetFields = z.object({
  name: z.string().trim().min(1).max(120),
  kind: TargetKind,
  location: TargetLocation,
  baseUrl: HttpUrl,
  authMode: AuthMode,
  enabled: z.boolean().default(true),
  readOnly: z.boolean().default(false),
});

/** What a control request came to, per session. */
export const ControlOutcome = z.object({
  sessionId: z.string(),
  action: ControlAction,
  ok: z.boolean(),
  /** The session's status after the request; Pausing / Canceling until the source confirms. */
  status: SessionStatus.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ControlOutcome = z.infer<typeof ControlOutcome>;

export const ActionAvailabilitySchema = z.object({
  action: ControlAction,
  enabled: z.boolean(),
  reason: z.string().nullable(),
});

const SessionTarget = z.object({ sessionId: Id }).strict();

/** A local dev server found listening on its usual port. */
export const DetectedServer = z.object({
  kind: TargetKind,
  baseUrl: z.string(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  /** True when a target with this URL already exists. */
  isKnown: z.boolean(),
});
export type DetectedServer = z.infer<typeof DetectedServer>;

/** A settings key: a dotted lowercase name such as `sessions.view`. */
const SettingKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'Settings keys are dotted lowercase names')
  .max(100);
/** The largest settings value accepted, as JSON text. */
export const MAX_SETTING_CHARS = 256 * 1024;

/** The largest bundle file accepted by `sessions:import` (the web bridge's request limit). */
export const MAX_BUNDLE_CHARS = 48 * 1024 * 1024;

/** What loading the bundled demo data did. */
export const DemoLoadResult = z.object({
  targetId: z.string(),
  sessions: z.number(),
});
export type DemoLoadResult = z.infer<typeof DemoLoadResult>;

/**
 * Every channel the renderer may call: `<domain>:<verb>` → input and output schemas.
 * Inputs are validated in main before any handler runs; outputs are JSON-safe DTOs.
 */
export const CHANNELS = {
  'app:info': { input: Empty, output: AppInfo },

  'targets:list': { input: Empty, output: z.array(TargetOverview) },
  'targets:add': {
    input: TargetFields.extend({ credential: z.string().min(1).max(20_000).optional() }).strict(),
    output: Target,
  },
  'targets:update': {
    input: z
      .object({
        id: Id,
        patch: TargetFields.partial()
          .extend({ credential: z.string().min(1).max(20_000).nullable().optional() })
          .strict(),
      })
      .strict(),
    output: Target,
  },
  'targets:remove': {
    input: z.object({ id: Id, keepData: z.boolean() }).strict(),
    output: z.object({ removedSessions: z.number() }),
  },
  'targets:test': {
    input: z
      .object({
        kind: TargetKind,
        baseUrl: HttpUrl,
        authMode: AuthMode,
        credential: z.string().max(20_000).optional(),
        /** Test with this target's stored credential when none is given. */
        targetId: Id.optional(),
      })
      .strict(),
    output: ConnectionTestResult,
  },
  'targets:detect': { input: Empty, output: z.array(DetectedServer) },

  'sync:start': {
    input: z
      .object({ targetId: Id.optional(), mode: z.enum(['incremental', 'full']).default('incremental') })
      .strict(),
    output: z.object({ targetIds: z.array(z.string()) }),
  },
  'sync:cancel': {
    input: z.object({ targetId: Id }).strict(),
    output: z.object({ wasRunning: z.boolean() }),
  },
  'sync:states': { input: Empty, output: z.array(SyncState) },

  /**
   * Opens a list query; with `window`, its first rows come back in the same call (a filter change
   * then costs one round trip, not two).
   */
  'sessions:query': {
    input: SessionQuery.extend({
      window: z
        .object({ start: z.number().int().nonnegative(), count: z.number().int().positive().max(1000) })
        .strict()
        .optional(),
    }),
    output: SessionQueryInfo.extend({ rows: z.array(SessionListRow) }),
  },
  'sessions:window': {
    input: z
      .object({
        queryId: z.number().int().nonnegative(),
        start: z.number().int().nonnegative(),
        count: z.number().int().positive().max(1000),
      })
      .strict(),
    output: z.object({ rows: z.array(SessionListRow), isStale: z.boolean() }),
  },
  'sessions:close-query': { input: z.object({ queryId: z.number().int() }).strict(), output: z.object({}) },
  'sessions:facets': { input: SessionQuery, output: SessionFacets },
  'sessions:get': {
    input: z.object({ id: Id, activityFrom: z.number().int().nonnegative().optional() }).strict(),
    output: SessionDetail,
  },
  'sessions:activity': {
    input: z
      .object({
        id: Id,
        fromSeq: z.number().int().nonnegative(),
        limit: z.number().int().positive().max(5000),
      })
      .strict(),
    output: z.array(ActivityItem),
  },
  /** A session with its runs, activity, spans, raw records and bodies as one bundle file's text. */
  'sessions:export': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ fileName: z.string(), json: z.string() }),
  },
  /** Stores a bundle file's text under a read-only "Imported" target for its origin. */
  'sessions:import': {
    input: z.object({ json: z.string().min(2).max(MAX_BUNDLE_CHARS) }).strict(),
    output: z.object({ sessionId: z.string(), targetId: z.string() }),
  },
  'payloads:get': { input: z.object({ id: Id }).strict(), output: Payload },
  /** A payload's metadata and preview without its body (cheap, even for a 10 MB body). */
  'payloads:describe': { input: z.object({ id: Id }).strict(), output: PayloadRef },
  /**
   * Writes the body to `<data dir>/exports/` and opens that file with the OS's default app;
   * answers with the file's path. `unavailable` when the OS could not open it.
   */
  'payloads:open-external': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ path: z.string() }),
  },

  /** Every span of a session (up to `MAX_TRACE_SPANS`) as a columnar outline for the waterfall. */
  'sessions:trace': { input: z.object({ id: Id }).strict(), output: TraceOutline },
  /** One span in full, by the row id its outline gives. */
  'sessions:span': {
    input: z.object({ id: Id, rowId: z.number().int().positive() }).strict(),
    output: Span,
  },
  /** Spans whose name, ids, status message, attributes or events contain `text`. */
  'sessions:trace-search': {
    input: z.object({ id: Id, text: z.string().min(1).max(200) }).strict(),
    output: TraceSearchResult,
  },
  /** A page of full spans in start order, for the raw view. */
  'sessions:spans': {
    input: z
      .object({
        id: Id,
        after: SpanPageCursor.optional(),
        limit: z.number().int().positive().max(500).default(100),
      })
      .strict(),
    output: SpanPage,
  },
  /**
   * Two sessions, or two runs, from any targets, aligned step by step with header deltas and a
   * metadata diff. Bodies stay behind payload refs.
   */
  'compare:sessions': { input: CompareInput, output: CompareResult },

  'control:describe': {
    input: z.object({ sessionIds: z.array(Id).min(1).max(10_000) }).strict(),
    output: z.array(ActionAvailabilitySchema),
  },
  'control:pause': { input: SessionTarget, output: ControlOutcome },
  'control:resume': { input: SessionTarget, output: ControlOutcome },
  'control:cancel': { input: SessionTarget, output: ControlOutcome },
  'control:delete': { input: SessionTarget, output: ControlOutcome },
  'control:respond': {
    input: z.object({ sessionId: Id, response: z.json() }).strict(),
    output: ControlOutcome,
  },
  'control:bulk': {
    input: z
      .object({
        action: ControlAction,
        sessionIds: z.array(Id).min(1).max(10_000),
        response: z.json().optional(),
      })
      .strict(),
    output: z.array(ControlOutcome),
  },

  /** Persisted UI state by key; keys without a stored value are absent from `values`. */
  'settings:get': {
    input: z.object({ keys: z.array(SettingKey).min(1).max(50) }).strict(),
    output: z.object({ values: z.record(z.string(), z.json()) }),
  },
  /** Stores a JSON value under a key; `null` removes the key. */
  'settings:set': {
    input: z
      .object({
        key: SettingKey,
        value: z
          .json()
          .refine((value) => JSON.stringify(value).length <= MAX_SETTING_CHARS, 'The value is too large'),
      })
      .strict(),
    output: z.object({}),
  },
  /**
   * Imports the bundled demo sessions under a disabled, read-only "Demo data" target (created on
   * first use; loading again refreshes the same sessions).
   */
  'demo:load': { input: Empty, output: DemoLoadResult },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Every push event main may send: `<domain>:<noun>` → payload schema. */
export const EVENTS = {
  'db:changed': z.object({ tables: z.array(z.string()) }),
  'sync:state': SyncState,
  'sync:progress': SyncProgressEvent,
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
