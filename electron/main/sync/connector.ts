import type { TargetCapabilities } from '@shared/models/capabilities';
import type { IngestSessionDetail } from '@shared/models/ingest';
import type { SessionKind } from '@shared/models/session';
import type { ControlAction } from '@shared/models/status';
import type { AuthMode, TargetKind } from '@shared/models/target';
import type { HttpClient } from './http';

/** What a connector needs to reach one target. The credential is decrypted by the caller. */
export interface ConnectorConfig {
  baseUrl: string;
  authMode: AuthMode;
  credential: string | null;
  http: HttpClient;
}

/** What "Test connection" and discovery report about a target. */
export interface Discovery {
  /** The server's own version string, e.g. agno `2.9.0` or LangGraph API `1.5.1`. */
  version: string | null;
  /** The auth mode the server says it enforces. */
  authMode: string | null;
  name: string | null;
  components: { type: SessionKind; id: string; name: string | null }[];
  /** Database or partition ids sessions live in (AgentOS `db_id`s); empty if the source has none. */
  databases: string[];
  capabilities: TargetCapabilities;
  /** Actions the credentials are known not to allow, with the reason (e.g. a missing JWT scope). */
  deniedActions: Partial<Record<ControlAction, string>>;
}

/** A session as listed by the source: enough to decide whether its detail must be fetched. */
export interface SessionRef {
  remoteId: string;
  kind: SessionKind;
  /** The partition the session lives in (AgentOS db_id), passed back to `fetchSession`. */
  scope: string | null;
  /** Epoch ms of the source's last change. */
  updatedAt: number | null;
}

export interface ListSessionsRequest {
  /** The previous page's `nextPage`; null for the first page. */
  page: string | null;
  /**
   * Epoch ms: sessions updated before this are not wanted. The connector stops paging each of
   * its partitions once it reaches them. Null lists everything (a full resync).
   */
  updatedSince: number | null;
}

export interface SessionListPage {
  items: SessionRef[];
  /**
   * True when this page is the first of one of the connector's partitions (an AgentOS database ×
   * session type). The engine's next watermark is the oldest "newest update" over partition
   * starts, so a session updated while a run was paging elsewhere is never skipped.
   */
  isPartitionStart?: boolean;
  /** Opaque; null when this was the last page. */
  nextPage: string | null;
}

export interface ControlRequest {
  action: ControlAction;
  session: SessionRef;
  /** The run to act on (the live or paused one), when the source controls runs. */
  runRemoteId: string | null;
  /** The agent / team / workflow / assistant id the session ran, when the source needs it. */
  componentId: string | null;
  /** For `respond` / `resume` of a human-in-the-loop pause: the user's answer. */
  response?: unknown;
}

/**
 * One source of sessions (AgentOS, LangGraph API, …). Connectors are pure: they talk to the
 * network only through the injected `http`, validate every payload they receive, map it to the
 * domain model and never touch the database or Electron. Every method throws `SourceError`.
 */
export interface Connector {
  readonly kind: TargetKind;
  /** Version, auth mode, components, databases and capabilities of the target. */
  discover(signal?: AbortSignal): Promise<Discovery>;
  /** Sessions changed since a time, most recently updated first within each partition, paged. */
  listSessions(request: ListSessionsRequest, signal?: AbortSignal): Promise<SessionListPage>;
  /**
   * A session's detail mapped to the domain model, with the raw records behind it. A record that
   * fails validation is kept raw with its error rather than failing the whole session.
   */
  fetchSession(ref: SessionRef, signal?: AbortSignal): Promise<IngestSessionDetail>;
  /** Sends a control action. Resolves once the source accepted it, not once it took effect. */
  control(request: ControlRequest, signal?: AbortSignal): Promise<void>;
}
