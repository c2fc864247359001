import type { TargetCapabilities } from '@shared/models/capabilities';
import type { SessionKind } from '@shared/models/session';
import type { ControlAction } from '@shared/models/status';
import type {
  Connector,
  ConnectorConfig,
  ControlRequest,
  Discovery,
  ListSessionsRequest,
  SessionListPage,
  SessionRef,
} from '../../connector';
import { SourceError } from '../../errors';
import type { HttpRequest } from '../../http';
import { isoToMs } from '../ingest-helpers';
import { mapSessionDetail, pendingTools } from './mapping';
import {
  ConfigSchema,
  InfoSchema,
  RunSchema,
  SessionPageSchema,
  SessionSchema,
  type AgentOsConfig,
} from './schemas';

export const AGENTOS_DEFAULT_PORTS = [7777, 7778, 7779, 8000];
const PAGE_SIZE = 100;
const SESSION_TYPES: SessionKind[] = ['agent', 'team', 'workflow'];
const COMPONENT_PATH: Record<SessionKind, string> = { agent: 'agents', team: 'teams', workflow: 'workflows' };

/** Scopes each action needs under AgentOS JWT/RBAC (reference §2, §7). */
const REQUIRED_SCOPES: Record<ControlAction, (kind: SessionKind) => string> = {
  pause: (kind) => `${COMPONENT_PATH[kind]}:run`,
  resume: (kind) => `${COMPONENT_PATH[kind]}:run`,
  respond: (kind) => `${COMPONENT_PATH[kind]}:run`,
  cancel: (kind) => `${COMPONENT_PATH[kind]}:run`,
  delete: () => 'sessions:delete',
};

/** AgentOS has no pause: a run stops only when it asks for input or is cancelled. */
const CAPABILITIES: TargetCapabilities = {
  pause: false,
  resume: true,
  respond: true,
  cancel: true,
  delete: true,
};

interface ListCursor {
  /** Index into the (database × session type) partitions. */
  partition: number;
  page: number;
  databases: (string | null)[];
}

/**
 * The Agno AgentOS connector (agno 2.x, reference agentos-api.md). Sessions are listed per
 * database and per session type, because servers before 2.6 default `type` to `agent`.
 */
export function createAgentOsConnector(config: ConnectorConfig): Connector {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');

  async function call(
    request: Omit<HttpRequest, 'url'> & { path: string },
    signal?: AbortSignal,
  ): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (config.authMode !== 'none' && config.credential)
      headers.authorization = `Bearer ${config.credential}`;
    const { path, ...rest } = request;
    const response = await config.http({ ...rest, url: `${baseUrl}${path}`, headers, signal });
    return response.body;
  }

  function parse<T>(
    schema: {
      safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
    },
    value: unknown,
    what: string,
  ): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new SourceError('bad-response', `${what} is not what AgentOS sends: ${parsed.error.message}`);
    return parsed.data;
  }

  async function loadConfig(signal?: AbortSignal): Promise<AgentOsConfig> {
    return parse(ConfigSchema, await call({ path: '/config' }, signal), 'GET /config');
  }

  function databasesOf(cfg: AgentOsConfig): (string | null)[] {
    const ids = cfg.session?.dbs?.map((db) => db.db_id) ?? cfg.databases ?? [];
    const unique = [...new Set(ids)];
    // A single-database OS accepts requests without db_id.
    return unique.length > 0 ? unique : [null];
  }

  return {
    kind: 'agentos',

    async discover(signal) {
      const info = parse(InfoSchema, await call({ path: '/info' }, signal), 'GET /info');
      const cfg = await loadConfig(signal);
      const components: Discovery['components'] = [
        ...(cfg.agents ?? []).map((c) => ({ type: 'agent' as const, id: c.id, name: c.name ?? null })),
        ...(cfg.teams ?? []).map((c) => ({ type: 'team' as const, id: c.id, name: c.name ?? null })),
        ...(cfg.workflows ?? []).map((c) => ({ type: 'workflow' as const, id: c.id, name: c.name ?? null })),
      ];
      return {
        version: info.agno_version ?? info.version ?? null,
        authMode: info.auth_mode ?? null,
        name: info.name ?? cfg.name ?? info.os_id ?? cfg.os_id ?? null,
        components,
        databases: databasesOf(cfg).filter((d): d is string => d !== null),
        capabilities: CAPABILITIES,
        deniedActions: deniedByJwtScopes(config),
      };
    },

    async listSessions(request: ListSessionsRequest, signal): Promise<SessionListPage> {
      let cursor: ListCursor = request.page
        ? (JSON.parse(request.page) as ListCursor)
        : { partition: 0, page: 1, databases: databasesOf(await loadConfig(signal)) };
      const partitionCount = cursor.databases.length * SESSION_TYPES.length;
      while (cursor.partition < partitionCount) {
        const dbId = cursor.databases[Math.floor(cursor.partition / SESSION_TYPES.length)] ?? null;
        const type = SESSION_TYPES[cursor.partition % SESSION_TYPES.length] as SessionKind;
        const body = parse(
          SessionPageSchema,
          await call(
            {
              path: '/sessions',
              query: {
                type,
                db_id: dbId,
                limit: PAGE_SIZE,
                page: cursor.page,
                sort_by: 'updated_at',
                sort_order: 'desc',
              },
            },
            signal,
          ),
          'GET /sessions',
        );
        const items: SessionRef[] = [];
        let reachedCursor = false;
        for (const value of body.data) {
          const session = SessionSchema.safeParse(value);
          const remoteId = session.success
            ? session.data.session_id
            : (value as { session_id?: unknown })?.session_id;
          if (typeof remoteId !== 'string') continue;
          const updatedAt = session.success
            ? (isoToMs(session.data.updated_at) ?? isoToMs(session.data.created_at))
            : null;
          if (request.updatedSince !== null && updatedAt !== null && updatedAt < request.updatedSince) {
            reachedCursor = true;
            break;
          }
          items.push({ remoteId, kind: type, scope: dbId, updatedAt });
        }
        const isLastPage = reachedCursor || body.meta.page >= body.meta.total_pages || body.data.length === 0;
        cursor = isLastPage
          ? { ...cursor, partition: cursor.partition + 1, page: 1 }
          : { ...cursor, page: cursor.page + 1 };
        const nextPage = cursor.partition < partitionCount ? JSON.stringify(cursor) : null;
        if (items.length > 0 || nextPage === null)
          return { items, nextPage, isPartitionStart: body.meta.page === 1 };
      }
      return { items: [], nextPage: null };
    },

    async fetchSession(ref, signal) {
      const query = { type: ref.kind, db_id: ref.scope };
      const id = encodeURIComponent(ref.remoteId);
      const [session, runs] = await Promise.all([
        call({ path: `/sessions/${id}`, query }, signal),
        call({ path: `/sessions/${id}/runs`, query }, signal),
      ]);
      return mapSessionDetail(session, runs, ref.kind);
    },

    async control(request: ControlRequest, signal) {
      const { session, runRemoteId, componentId } = request;
      if (request.action === 'delete') {
        await call(
          {
            method: 'DELETE',
            path: `/sessions/${encodeURIComponent(session.remoteId)}`,
            query: { db_id: session.scope },
          },
          signal,
        );
        return;
      }
      if (request.action === 'pause') {
        throw new SourceError(
          'conflict',
          'AgentOS cannot pause a running run; cancel it or wait for it to ask for input',
        );
      }
      if (!runRemoteId || !componentId) {
        throw new SourceError('not-found', 'This session has no run to act on');
      }
      const runPath = `/${COMPONENT_PATH[session.kind]}/${encodeURIComponent(componentId)}/runs/${encodeURIComponent(runRemoteId)}`;
      if (request.action === 'cancel') {
        await call(
          { method: 'POST', path: `${runPath}/cancel`, query: { session_id: session.remoteId } },
          signal,
        );
        return;
      }
      // resume / respond: `continue`, whose payload field differs by component type.
      const form: Record<string, string> = {
        session_id: session.remoteId,
        stream: 'false',
        background: 'true',
      };
      const answer = parseResponse(request.response);
      if (request.action === 'respond') {
        const run = parse(
          RunSchema,
          await call(
            {
              path: `/sessions/${encodeURIComponent(session.remoteId)}/runs/${encodeURIComponent(runRemoteId)}`,
              query: { type: session.kind, db_id: session.scope },
            },
            signal,
          ),
          'GET run',
        );
        if (session.kind === 'agent') {
          form.tools = JSON.stringify(answerTools(pendingTools(run), answer));
        } else {
          const key = session.kind === 'team' ? 'requirements' : 'step_requirements';
          const requirements = (session.kind === 'team' ? run.requirements : run.step_requirements) ?? [];
          form[key] = JSON.stringify(
            answerRequirements(Array.isArray(requirements) ? requirements : [], answer),
          );
        }
      }
      if (answer.message) form.input = answer.message;
      await call({ method: 'POST', path: `${runPath}/continue`, form }, signal);
    },
  };
}

interface HumanAnswer {
  approve: boolean;
  note: string | null;
  values: Record<string, unknown>;
  message: string | null;
}

function parseResponse(response: unknown): HumanAnswer {
  const record =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  return {
    approve: record.approve !== false,
    note: typeof record.note === 'string' ? record.note : null,
    values:
      typeof record.values === 'object' && record.values !== null
        ? (record.values as Record<string, unknown>)
        : {},
    message:
      typeof record.message === 'string' ? record.message : typeof response === 'string' ? response : null,
  };
}

/** Marks each pending tool confirmed (or not) and fills user-input fields, as `continue` expects. */
function answerTools(tools: ReturnType<typeof pendingTools>, answer: HumanAnswer): unknown[] {
  return tools.map((tool) => {
    const edited: Record<string, unknown> = { ...tool };
    if (tool.requires_confirmation) {
      edited.confirmed = answer.approve;
      if (answer.note) edited.confirmation_note = answer.note;
    }
    if (tool.requires_user_input && Array.isArray(tool.user_input_schema)) {
      edited.user_input_schema = (tool.user_input_schema as Record<string, unknown>[]).map((field) => ({
        ...field,
        value: answer.values[String(field.name)] ?? field.value ?? null,
      }));
      edited.answered = true;
    }
    if (tool.external_execution_required && answer.values.result !== undefined)
      edited.result = answer.values.result;
    return edited;
  });
}

function answerRequirements(requirements: unknown[], answer: HumanAnswer): unknown[] {
  return requirements.map((value) => {
    const requirement = { ...(value as Record<string, unknown>) };
    requirement.confirmation = answer.approve;
    requirement.confirmed = answer.approve;
    if (answer.note) requirement.confirmation_note = answer.note;
    if (Object.keys(answer.values).length > 0) requirement.user_input = answer.values;
    const execution = requirement.tool_execution;
    if (typeof execution === 'object' && execution !== null) {
      requirement.tool_execution = { ...(execution as Record<string, unknown>), confirmed: answer.approve };
    }
    return requirement;
  });
}

/**
 * Reads the scopes a JWT grants (without verifying it: the server does that) so actions the
 * token cannot perform are disabled up front instead of failing with 403.
 */
export function deniedByJwtScopes(
  config: Pick<ConnectorConfig, 'authMode' | 'credential'>,
): Discovery['deniedActions'] {
  if (config.authMode !== 'jwt' || !config.credential) return {};
  const scopes = jwtScopes(config.credential);
  if (scopes === null || scopes.includes('agent_os:admin')) return {};
  const denied: Discovery['deniedActions'] = {};
  for (const action of Object.keys(REQUIRED_SCOPES) as ControlAction[]) {
    if (action === 'pause') continue;
    const needed = SESSION_TYPES.map((kind) => REQUIRED_SCOPES[action](kind));
    const granted = needed.some((scope) => scopes.some((s) => scopeMatches(s, scope)));
    if (!granted) denied[action] = `The token lacks the ${[...new Set(needed)].join(' / ')} scope`;
  }
  return denied;
}

function jwtScopes(token: string): string[] | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      scopes?: unknown;
      scope?: unknown;
    };
    const scopes = claims.scopes ?? (typeof claims.scope === 'string' ? claims.scope.split(' ') : null);
    return Array.isArray(scopes) ? scopes.map(String) : null;
  } catch {
    return null;
  }
}

/** `resource:action`, `resource:<id>:action` and `resource:*:action` grammar. */
function scopeMatches(granted: string, needed: string): boolean {
  if (granted === needed) return true;
  const [resource, ...rest] = granted.split(':');
  const action = rest.at(-1);
  return `${resource}:${action}` === needed && rest.length === 2 && rest[0] === '*';
}
