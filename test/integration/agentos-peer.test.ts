import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { expandRuns, generateDataset, SCENARIO_NAMES, UNKNOWN_EVENT_NAME } from '../peers/agentos/generator';
import { ADMIN_SCOPE, signJwt, startAgentOsPeer } from '../peers/agentos/server';
import type { AgentOsPeer, AgentOsPeerOptions, SessionSnapshot } from '../peers/agentos/server';

type JsonRecord = Record<string, unknown>;
type Page = {
  data: JsonRecord[];
  meta: { page: number; limit: number; total_pages: number; total_count: number; search_time_ms: number };
};

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const DB = 'db-main';
const peers: AgentOsPeer[] = [];

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peerWith(options: AgentOsPeerOptions = {}): Promise<AgentOsPeer> {
  const peer = await startAgentOsPeer({ seed: { seed: 3, sessions: 45, dbIds: [DB] }, ...options });
  peers.push(peer);
  return peer;
}

async function call(
  peer: AgentOsPeer,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${peer.url}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 3_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met before deadline; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setImmediate(resolve));
    last = await probe();
  }
  return last;
}

function sessionWith(peer: AgentOsPeer, predicate: (s: SessionSnapshot) => boolean): SessionSnapshot {
  const found = peer.store.list().find(predicate);
  if (!found) throw new Error('no generated session matches');
  return found;
}

async function runStatus(peer: AgentOsPeer, sessionId: string, runId: string): Promise<unknown> {
  const res = await call(peer, `/sessions/${sessionId}/runs/${runId}`);
  return (res.body as JsonRecord).status;
}

describe('sessions list', () => {
  it('answers a {data, meta} envelope with pages numbered from 1', async () => {
    const peer = await peerWith();
    const first = await call(peer, '/sessions?limit=10&page=1');
    expect(first.status).toBe(200);
    const page = first.body as Page;
    expect(Object.keys(page)).toEqual(['data', 'meta']);
    expect(page.data).toHaveLength(10);
    expect(page.meta).toMatchObject({ page: 1, limit: 10, total_pages: 5, total_count: 45 });
    expect(typeof page.meta.search_time_ms).toBe('number');

    const last = (await call(peer, '/sessions?limit=10&page=5')).body as Page;
    expect(last.data).toHaveLength(5);
    expect(((await call(peer, '/sessions?limit=10&page=6')).body as Page).data).toEqual([]);

    const ids = new Set<unknown>();
    for (let p = 1; p <= 5; p++)
      for (const s of ((await call(peer, `/sessions?limit=10&page=${p}`)).body as Page).data)
        ids.add(s.session_id);
    expect(ids.size).toBe(45);
  });

  it('renders SessionSchema with ISO timestamps and no null fields', async () => {
    const peer = await peerWith();
    const page = (await call(peer, '/sessions?limit=45')).body as Page;
    for (const s of page.data) {
      expect(s.created_at).toMatch(ISO_SECONDS);
      expect(s.updated_at).toMatch(ISO_SECONDS);
      expect(Object.values(s)).not.toContain(null);
      expect(['agent', 'team', 'workflow']).toContain(s.session_type);
      expect(typeof s.session_name).toBe('string');
    }
    const ordered = page.data.map((s) => String(s.created_at));
    expect(ordered).toEqual([...ordered].sort().reverse());
  });

  it('sorts by updated_at desc and asc, and a bump moves a session to the top', async () => {
    const peer = await peerWith();
    const desc = ((await call(peer, '/sessions?limit=100&sort_by=updated_at&sort_order=desc')).body as Page)
      .data;
    const times = desc.map((s) => Date.parse(String(s.updated_at)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const asc = ((await call(peer, '/sessions?limit=100&sort_by=updated_at&sort_order=asc')).body as Page)
      .data;
    expect(asc.map((s) => Date.parse(String(s.updated_at)))).toEqual([...times].sort((a, b) => a - b));

    const oldest = String(asc[0]?.session_id);
    peer.store.bumpUpdatedAt(oldest);
    const top = ((await call(peer, '/sessions?limit=1&sort_by=updated_at&sort_order=desc')).body as Page)
      .data[0];
    expect(top?.session_id).toBe(oldest);
  });

  it('filters by type, component and stored session name', async () => {
    const peer = await peerWith();
    const teams = ((await call(peer, '/sessions?type=team&limit=100')).body as Page).data;
    expect(teams.length).toBeGreaterThan(0);
    expect(teams.every((s) => s.session_type === 'team' && typeof s.team_id === 'string')).toBe(true);

    const blog = ((await call(peer, '/sessions?component_id=blog-wf&limit=100')).body as Page).data;
    expect(blog.length).toBeGreaterThan(0);
    expect(blog.every((s) => s.workflow_id === 'blog-wf')).toBe(true);

    const named = peer.store.addSession({
      sessionName: 'Quarterly Review notes',
      componentId: 'basic-agent',
    });
    const byName = ((await call(peer, '/sessions?session_name=quarterly%20REVIEW')).body as Page).data;
    expect(byName.map((s) => s.session_id)).toEqual([named.sessionId]);
    // Names derived from the first user message are not searchable.
    const derived = String(
      ((await call(peer, '/sessions?limit=45')).body as Page).data.find(
        (s) => s.session_id !== named.sessionId,
      )?.session_name,
    );
    const probe = derived.slice(0, 8);
    const hits = (
      (await call(peer, `/sessions?session_name=${encodeURIComponent(probe)}&limit=100`)).body as Page
    ).data;
    expect(hits.every((s) => peer.store.getSession(String(s.session_id))?.sessionName !== null)).toBe(true);
  });

  it('rejects bad query params with FastAPI 422 bodies', async () => {
    const peer = await peerWith();
    const bad = await call(peer, '/sessions?limit=abc');
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['query', 'limit'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'abc',
        },
      ],
    });
    expect((await call(peer, '/sessions?type=chat')).status).toBe(422);
    expect((await call(peer, '/sessions?limit=0')).status).toBe(422);
  });
});

describe('databases', () => {
  it('requires db_id with several dbs, with the GET /sessions 404 wrapping', async () => {
    const peer = await peerWith({ seed: { seed: 5, sessions: 30, dbIds: ['db-a', 'db-b'] } });
    const missing = await call(peer, '/sessions');
    expect(missing.status).toBe(404);
    expect((missing.body as JsonRecord).detail).toBe(
      '400: The db_id query parameter is required when using multiple databases',
    );

    const unknown = await call(peer, '/sessions?db_id=db-zzz');
    expect(unknown.status).toBe(404);
    expect((unknown.body as JsonRecord).detail).toBe("404: No database found with id 'db-zzz'");

    const inA = ((await call(peer, '/sessions?db_id=db-a&limit=100')).body as Page).data.map(
      (s) => s.session_id,
    );
    expect(inA.sort()).toEqual(
      peer.store
        .list({ dbId: 'db-a' })
        .map((s) => s.sessionId)
        .sort(),
    );

    const id = peer.store.list({ dbId: 'db-b' })[0]?.sessionId ?? '';
    expect((await call(peer, `/sessions/${id}`)).status).toBe(400);
    expect((await call(peer, `/sessions/${id}?db_id=db-zzz`)).status).toBe(404);
    expect((await call(peer, `/sessions/${id}?db_id=db-a`)).status).toBe(404);
    expect((await call(peer, `/sessions/${id}?db_id=db-b`)).status).toBe(200);
    expect((await call(peer, `/sessions/${id}/runs?db_id=db-zzz`)).status).toBe(404);
  });

  it('lists the db ids and each component db in /config', async () => {
    const peer = await peerWith({ seed: { seed: 5, sessions: 5, dbIds: ['db-a', 'db-b'] } });
    const config = (await call(peer, '/config')).body as JsonRecord;
    expect(config.databases).toEqual(['db-a', 'db-b']);
    expect(config.os_id).toBeTypeOf('string');
    const agents = config.agents as JsonRecord[];
    expect(agents.every((a) => a.db_id === 'db-a' || a.db_id === 'db-b')).toBe(true);
  });
});

describe('runs', () => {
  it('returns a bare array with ISO run times and epoch message times', async () => {
    const peer = await peerWith();
    const session = sessionWith(peer, (s) => s.scenario === 'agent-tools');
    const res = await call(peer, `/sessions/${session.sessionId}/runs`);
    expect(Array.isArray(res.body)).toBe(true);
    const runs = res.body as JsonRecord[];
    const run = runs[runs.length - 1] ?? {};
    expect(run.created_at).toMatch(ISO_SECONDS);
    expect(run.run_response_format).toBe('text');
    const messages = run.messages as JsonRecord[];
    expect(messages.every((m) => Number.isInteger(m.created_at))).toBe(true);
    const calls = messages.flatMap((m) => (m.tool_calls as JsonRecord[] | undefined) ?? []);
    const results = messages.filter((m) => m.role === 'tool');
    expect(calls.length).toBeGreaterThan(0);
    expect(results.map((m) => m.tool_call_id).sort()).toEqual(calls.map((c) => c.id).sort());
    expect(
      calls.every((c) => c.type === 'function' && typeof (c.function as JsonRecord).arguments === 'string'),
    ).toBe(true);
    const tool = (run.tools as JsonRecord[])[0] ?? {};
    // ToolExecution keeps its nulls even though the run list drops top-level nulls.
    expect(tool).toHaveProperty('child_run_id', null);
    expect(tool).toHaveProperty('requires_confirmation', null);
    expect(Number.isInteger(tool.created_at)).toBe(true);
  });

  it('stores events only on some sessions, including unknown event names', async () => {
    const peer = await peerWith();
    const quiet = sessionWith(peer, (s) => !s.storeEvents);
    const quietRuns = (await call(peer, `/sessions/${quiet.sessionId}/runs`)).body as JsonRecord[];
    expect(quietRuns.every((r) => !('events' in r))).toBe(true);

    const memory = sessionWith(peer, (s) => s.scenario === 'agent-memory');
    const runs = (await call(peer, `/sessions/${memory.sessionId}/runs`)).body as JsonRecord[];
    const names = runs.flatMap((r) => ((r.events as JsonRecord[] | undefined) ?? []).map((e) => e.event));
    expect(names).toContain('RunStarted');
    expect(names).toContain('MemoryUpdateCompleted');
    expect(names).toContain(UNKNOWN_EVENT_NAME);
    expect(names).not.toContain('RunContent');
  });

  it('renders team and workflow runs with their own schemas', async () => {
    const peer = await peerWith();
    const team = sessionWith(peer, (s) => s.scenario === 'team-coordinate');
    const teamRuns = (await call(peer, `/sessions/${team.sessionId}/runs`)).body as JsonRecord[];
    const teamRun = teamRuns.find((r) => 'team_id' in r) ?? {};
    const memberRun = teamRuns.find((r) => 'agent_id' in r) ?? {};
    expect(teamRun).not.toHaveProperty('user_id');
    expect(teamRun).not.toHaveProperty('agent_id');
    expect(memberRun.parent_run_id).toBe(teamRun.run_id);

    const workflow = sessionWith(peer, (s) => s.scenario === 'workflow-paused');
    const wfRuns = (await call(peer, `/sessions/${workflow.sessionId}/runs`)).body as JsonRecord[];
    const paused = wfRuns[wfRuns.length - 1] ?? {};
    expect(paused.status).toBe('PAUSED');
    expect(paused).not.toHaveProperty('run_response_format');
    expect(paused.pause_kind).toBe('step');
    expect(Array.isArray(paused.step_requirements)).toBe(true);
  });

  it('keeps nulls on the single-run route and 404s with the documented wording', async () => {
    const peer = await peerWith();
    const session = sessionWith(peer, (s) => s.sessionType === 'agent');
    const runId = session.runs[0]?.runId ?? '';
    const one = (await call(peer, `/sessions/${session.sessionId}/runs/${runId}`)).body as JsonRecord;
    expect(one).toHaveProperty('citations', null);
    const missing = await call(peer, '/sessions/no-such-session/runs');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Session with ID no-such-session not found' });
  });
});

describe('auth', () => {
  it('leaves every route open in none mode', async () => {
    const peer = await peerWith();
    expect((await call(peer, '/sessions')).status).toBe(200);
    expect(((await call(peer, '/info')).body as JsonRecord).auth_mode).toBe('none');
  });

  it('requires the security key as a Bearer token', async () => {
    const peer = await peerWith({ auth: { mode: 'security-key', key: 'OSK_secret' } });
    expect(await call(peer, '/sessions')).toMatchObject({
      status: 401,
      body: { detail: 'Authorization header required' },
    });
    expect(await call(peer, '/sessions', { headers: { authorization: 'Bearer nope' } })).toMatchObject({
      status: 401,
      body: { detail: 'Invalid authentication token' },
    });
    expect((await call(peer, '/sessions', { headers: { authorization: 'OSK_secret' } })).status).toBe(401);
    expect((await call(peer, '/sessions', { headers: { authorization: 'Bearer OSK_secret' } })).status).toBe(
      200,
    );
    expect((await call(peer, '/health')).status).toBe(200);
    expect(((await call(peer, '/info')).body as JsonRecord).auth_mode).toBe('security_key');
  });

  it('verifies HS256 JWTs and enforces scopes with 401 and 403', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const secret = 'test-secret';
    const peer = await peerWith({ auth: { mode: 'jwt', secret }, now: () => clock });
    const exp = clock / 1000 + 600;
    const bearer = (scopes: string[], extra: Record<string, string | number> = {}): RequestInit => ({
      headers: { authorization: `Bearer ${signJwt({ sub: 'u1', scopes, exp, ...extra }, { secret })}` },
    });

    expect(await call(peer, '/sessions')).toMatchObject({
      status: 401,
      body: { detail: 'Authorization header missing' },
    });
    const forged = signJwt({ sub: 'u1', scopes: [ADMIN_SCOPE], exp }, { secret: 'other' });
    expect(await call(peer, '/sessions', { headers: { authorization: `Bearer ${forged}` } })).toMatchObject({
      status: 401,
      body: { detail: 'Invalid token: Signature verification failed' },
    });

    expect((await call(peer, '/sessions', bearer(['sessions:read']))).status).toBe(200);
    const denied = await call(peer, '/sessions/x', { method: 'DELETE', ...bearer(['sessions:read']) });
    expect(denied).toMatchObject({
      status: 403,
      body: { detail: 'Insufficient permissions. Required scope(s): sessions:delete' },
    });
    expect((await call(peer, '/sessions', bearer(['agents:read']))).status).toBe(403);

    const runner = bearer(['agents:research-agent:run']);
    expect(
      await call(peer, '/agents/research-agent/runs/r1/cancel', { method: 'POST', ...runner }),
    ).toMatchObject({ status: 200, body: {} });
    expect(
      (await call(peer, '/agents/basic-agent/runs/r1/cancel', { method: 'POST', ...runner })).status,
    ).toBe(403);
    expect(
      (
        await call(peer, '/agents/basic-agent/runs/r1/cancel', {
          method: 'POST',
          ...bearer(['agents:*:run']),
        })
      ).status,
    ).toBe(200);

    const listed = (await call(peer, '/agents', bearer(['agents:writer-agent:read']))).body as JsonRecord[];
    expect(listed.map((a) => a.id)).toEqual(['writer-agent']);
    expect((await call(peer, '/config', bearer([ADMIN_SCOPE]))).status).toBe(200);

    clock += 3_600_000;
    expect(await call(peer, '/sessions', bearer(['sessions:read']))).toMatchObject({
      status: 401,
      body: { detail: 'Token has expired' },
    });
    expect(((await call(peer, '/info')).body as JsonRecord).auth_mode).toBe('jwt');
  });

  it('forces user_id to the token subject under user isolation', async () => {
    const secret = 's';
    const peer = await peerWith({ auth: { mode: 'jwt', secret, userIsolation: true } });
    const mine = peer.store.addSession({ userId: 'alice', componentId: 'basic-agent' });
    const token = signJwt({ sub: 'alice', scopes: ['sessions:read', 'agents:run'] }, { secret });
    const page = (
      await call(peer, '/sessions?user_id=bob&limit=100', { headers: { authorization: `Bearer ${token}` } })
    ).body as Page;
    expect(page.data.map((s) => s.session_id)).toEqual([mine.sessionId]);
    const cancel = await call(peer, '/agents/basic-agent/runs/r1/cancel', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cancel).toMatchObject({ status: 400, body: { detail: 'session_id required' } });
  });
});

describe('run control', () => {
  it('answers cancel with 200 {} and cancels the run asynchronously', async () => {
    const peer = await peerWith({ cancelDelayMs: 300 });
    const done = sessionWith(
      peer,
      (s) => s.sessionType === 'agent' && s.runs.some((r) => r.status === 'COMPLETED'),
    );
    const doneRun = done.runs.find((r) => r.status === 'COMPLETED')?.runId ?? '';
    const running = peer.store.startRunningRun({ kind: 'agent', componentId: 'research-agent' });

    const finished = await call(peer, `/agents/${done.componentId}/runs/${doneRun}/cancel`, {
      method: 'POST',
    });
    expect(finished).toMatchObject({ status: 200, body: {} });
    const res = await call(
      peer,
      `/agents/research-agent/runs/${running.runId}/cancel?session_id=${running.sessionId}`,
      { method: 'POST' },
    );
    expect(res).toMatchObject({ status: 200, body: {} });
    expect(await runStatus(peer, running.sessionId, running.runId)).toBe('RUNNING');

    await waitFor(
      () => runStatus(peer, running.sessionId, running.runId),
      (s) => s === 'CANCELLED',
    );
    const run = (await call(peer, `/sessions/${running.sessionId}/runs/${running.runId}`)).body as JsonRecord;
    expect((run.events as JsonRecord[]).map((e) => e.event)).toContain('RunCancelled');
    // Both intents were due in order; the finished run kept its status.
    expect(await runStatus(peer, done.sessionId, doneRun)).toBe('COMPLETED');
    expect((await call(peer, `/agents/nobody/runs/${doneRun}/cancel`, { method: 'POST' })).status).toBe(404);
  });

  it('answers continue with 409 for a run that is not paused', async () => {
    const peer = await peerWith();
    const done = sessionWith(peer, (s) => s.scenario === 'agent-chat');
    const runId = done.runs[0]?.runId ?? '';
    const res = await call(
      peer,
      `/agents/${done.componentId}/runs/${runId}/continue`,
      form({ session_id: done.sessionId, stream: 'false' }),
    );
    expect(res.status).toBe(409);
    const wf = sessionWith(peer, (s) => s.scenario === 'workflow-completed');
    const wfRun = wf.runs[0]?.runId ?? '';
    expect(
      (
        await call(
          peer,
          `/workflows/${wf.componentId}/runs/${wfRun}/continue`,
          form({ session_id: wf.sessionId, stream: 'false' }),
        )
      ).status,
    ).toBe(409);
    expect(
      (await call(peer, `/agents/${done.componentId}/runs/${runId}/continue`, form({ stream: 'false' })))
        .status,
    ).toBe(400);
  });

  it('continues a paused HITL agent run with confirmed tools', async () => {
    const peer = await peerWith();
    const paused = sessionWith(peer, (s) => s.scenario === 'agent-hitl-paused');
    const runId = paused.runs[paused.runs.length - 1]?.runId ?? '';
    const before = (await call(peer, `/sessions/${paused.sessionId}/runs/${runId}`)).body as JsonRecord;
    expect(before.status).toBe('PAUSED');
    const pending = (before.tools as JsonRecord[]).filter(
      (t) => t.requires_confirmation === true && t.confirmed === null,
    );
    expect(pending).toHaveLength(1);

    const bad = await call(
      peer,
      `/agents/ops-agent/runs/${runId}/continue`,
      form({ session_id: paused.sessionId, tools: '{not json', stream: 'false' }),
    );
    expect(bad.status).toBe(400);

    const tools = JSON.stringify(pending.map((t) => ({ ...t, confirmed: true })));
    const res = await call(
      peer,
      `/agents/ops-agent/runs/${runId}/continue`,
      form({ session_id: paused.sessionId, tools, stream: 'false' }),
    );
    expect(res.status).toBe(200);
    expect((res.body as JsonRecord).status).toBe('COMPLETED');
    const after = (await call(peer, `/sessions/${paused.sessionId}/runs/${runId}`)).body as JsonRecord;
    const tool = (after.tools as JsonRecord[]).find((t) => t.tool_call_id === pending[0]?.tool_call_id);
    expect(tool).toMatchObject({ confirmed: true });
    expect(typeof tool?.result).toBe('string');
    expect(
      (after.messages as JsonRecord[]).some(
        (m) => m.role === 'tool' && m.tool_call_id === tool?.tool_call_id,
      ),
    ).toBe(true);
  });

  it('continues paused team and workflow runs with their own payload fields', async () => {
    const peer = await peerWith();
    const team = sessionWith(peer, (s) => s.scenario === 'team-paused');
    const teamRun = team.runs.find((r) => r.kind === 'team' && r.status === 'PAUSED')?.runId ?? '';
    const raw = (await call(peer, `/teams/ops-team/runs/${teamRun}?session_id=${team.sessionId}`))
      .body as JsonRecord;
    const requirements = (raw.requirements as JsonRecord[]).map((r) => ({ ...r, confirmation: true }));
    const teamRes = await call(
      peer,
      `/teams/ops-team/runs/${teamRun}/continue`,
      form({ session_id: team.sessionId, requirements: JSON.stringify(requirements), stream: 'false' }),
    );
    expect(teamRes.status).toBe(200);
    expect(await runStatus(peer, team.sessionId, teamRun)).toBe('COMPLETED');

    const wf = sessionWith(peer, (s) => s.scenario === 'workflow-paused');
    const wfRun = wf.runs[wf.runs.length - 1]?.runId ?? '';
    const stepRequirements = JSON.stringify([{ step_index: 1, confirmed: true }]);
    const wfRes = await call(
      peer,
      `/workflows/incident-wf/runs/${wfRun}/continue`,
      form({ step_requirements: stepRequirements, stream: 'false' }),
    );
    expect(wfRes.status).toBe(200);
    expect(await runStatus(peer, wf.sessionId, wfRun)).toBe('COMPLETED');
  });

  it('creates runs as JSON, as 202 background runs and as SSE streams', async () => {
    const peer = await peerWith();
    const direct = await call(peer, '/agents/basic-agent/runs', form({ message: 'hi', stream: 'false' }));
    expect(direct.status).toBe(200);
    expect((direct.body as JsonRecord).status).toBe('COMPLETED');
    expect(Number.isInteger((direct.body as JsonRecord).created_at)).toBe(true);

    const bg = await call(
      peer,
      '/agents/basic-agent/runs',
      form({ message: 'later', stream: 'false', background: 'true' }),
    );
    expect(bg.status).toBe(202);
    const { run_id: runId, session_id: sessionId } = bg.body as { run_id: string; session_id: string };
    expect((bg.body as JsonRecord).status).toBe('PENDING');
    await waitFor(
      async () =>
        ((await call(peer, `/agents/basic-agent/runs/${runId}?session_id=${sessionId}`)).body as JsonRecord)
          .status,
      (s) => s === 'COMPLETED',
    );

    const sse = await fetch(`${peer.url}/agents/basic-agent/runs`, form({ message: 'stream me' }));
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const text = await sse.text();
    const names = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(names[0]).toBe('RunStarted');
    expect(names[names.length - 1]).toBe('RunCompleted');
    expect(text).not.toMatch(/^id:/m);
    expect((await call(peer, '/agents/basic-agent/runs', form({ stream: 'false' }))).status).toBe(422);
  });

  it('cancels a streaming run when the client disconnects', async () => {
    const peer = await peerWith({ createdRuns: 'stay-running' });
    const controller = new AbortController();
    const res = await fetch(`${peer.url}/agents/research-agent/runs`, {
      ...form({ message: 'long job' }),
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read();
    const created = peer.store
      .list()
      .find((s) => s.scenario === null && s.runs.some((r) => r.status === 'RUNNING'));
    expect(created).toBeDefined();
    controller.abort();
    await waitFor(
      () => peer.store.getSession(created?.sessionId ?? '')?.runs[0]?.status,
      (s) => s === 'CANCELLED',
    );
  });
});

describe('store mutations', () => {
  it('reflects added, updated and deleted sessions and run status changes', async () => {
    const peer = await peerWith();
    const added = peer.store.addSession({ type: 'agent', componentId: 'basic-agent', sessionName: 'Fresh' });
    const run = peer.store.addRun(added.sessionId, { input: 'ping', content: 'pong' });
    expect((await call(peer, `/sessions/${added.sessionId}`)).status).toBe(200);

    const before = peer.store.getSession(added.sessionId)?.updatedAt ?? 0;
    peer.store.setRunStatus(added.sessionId, run.run_id, 'ERROR', { reason: 'boom' });
    expect(await runStatus(peer, added.sessionId, run.run_id)).toBe('ERROR');
    expect(peer.store.getSession(added.sessionId)?.updatedAt ?? 0).toBeGreaterThanOrEqual(before);

    const victim = peer.store.list()[0]?.sessionId ?? '';
    expect(peer.store.deleteSession(victim)).toBe(true);
    expect((await call(peer, `/sessions/${victim}`)).status).toBe(404);
    const ids = ((await call(peer, '/sessions?limit=100')).body as Page).data.map((s) => s.session_id);
    expect(ids).not.toContain(victim);
    expect(ids).toContain(added.sessionId);
  });

  it('answers a generated session anew after each change, also from pre-rendered bodies', async () => {
    for (const prerender of [false, true]) {
      const peer = await peerWith({ prerender });
      const id = peer.store.list({ type: 'agent' })[0]?.sessionId ?? '';
      const detail = async () =>
        (await call(peer, `/sessions/${id}?type=agent&db_id=${DB}`)).body as JsonRecord;
      const runs = async () =>
        (await call(peer, `/sessions/${id}/runs?type=agent&db_id=${DB}`)).body as JsonRecord[];
      const first = await detail();
      expect(await detail()).toEqual(first);
      expect((await runs()).map((r) => r.run_id)).toEqual(peer.store.getRuns(id).map((r) => r.run_id));

      peer.store.updateSession(id, { sessionName: 'Renamed', metadata: { cached: false } });
      expect(await detail()).toMatchObject({ session_name: 'Renamed', metadata: { cached: false } });
      const bumped = peer.store.bumpUpdatedAt(id);
      expect((await detail()).updated_at).toBe(new Date(bumped * 1000).toISOString().replace('.000Z', 'Z'));

      const before = (await runs()).length;
      const run = peer.store.addRun(id, { input: 'again', content: 'fresh answer' });
      expect((await runs()).map((r) => r.run_id)).toContain(run.run_id);
      expect((await runs()).length).toBe(before + 1);
      peer.store.setRunStatus(id, run.run_id, 'ERROR', { reason: 'boom', touch: false });
      expect((await runs()).find((r) => r.run_id === run.run_id)?.status).toBe('ERROR');

      // Faults wrap cached bodies as they wrap fresh ones.
      const other = peer.store.list({ type: 'agent' })[1]?.sessionId ?? '';
      await call(peer, `/sessions/${other}?type=agent&db_id=${DB}`);
      peer.faults.next(1, { kind: 'truncated-json' });
      const truncated = await fetch(`${peer.url}/sessions/${other}?type=agent&db_id=${DB}`);
      const text = await truncated.text();
      expect(() => JSON.parse(text) as unknown).toThrow();

      expect(peer.store.deleteSession(id)).toBe(true);
      expect((await call(peer, `/sessions/${id}?type=agent&db_id=${DB}`)).status).toBe(404);
      expect((await call(peer, `/sessions/${id}/runs?type=agent&db_id=${DB}`)).status).toBe(404);
    }
  });

  it('serves the session write routes with their quirks', async () => {
    const peer = await peerWith();
    const created = await call(peer, '/sessions?type=agent', {
      method: 'POST',
      body: JSON.stringify({ session_id: 'sess-1', agent_id: 'basic-agent', metadata: { a: 1 } }),
    });
    expect(created.status).toBe(201);
    expect(
      (await call(peer, '/sessions', { method: 'POST', body: JSON.stringify({ session_id: 'sess-1' }) }))
        .status,
    ).toBe(409);
    const patched = await call(peer, '/sessions/sess-1', {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { b: 2 } }),
    });
    expect((patched.body as JsonRecord).metadata).toEqual({ b: 2 });
    const renamed = await call(peer, '/sessions/sess-1/rename', {
      method: 'POST',
      body: JSON.stringify({ session_name: 'Renamed' }),
    });
    expect((renamed.body as JsonRecord).session_name).toBe('Renamed');
    expect((await call(peer, '/sessions/unknown-id', { method: 'DELETE' })).status).toBe(204);
    expect((await call(peer, '/sessions/sess-1/', { method: 'DELETE' })).status).toBe(204);
    expect((await call(peer, '/sessions/sess-1')).status).toBe(404);
  });
});

describe('faults', () => {
  it('injects status faults without running the handler', async () => {
    const peer = await peerWith();
    peer.faults.next(1, { status: 500 });
    peer.faults.next(1, { status: 429, retryAfterSeconds: 7 });
    peer.faults.next(1, { status: 401 });
    expect(await call(peer, '/sessions')).toMatchObject({
      status: 500,
      body: { detail: 'Internal Server Error' },
    });
    const limited = await call(peer, '/sessions');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call(peer, '/sessions')).status).toBe(401);
    expect((await call(peer, '/sessions')).status).toBe(200);
    expect(peer.faults.pending()).toBe(0);
  });

  it('times out, resets and truncates', async () => {
    const peer = await peerWith();
    peer.faults.next(1, { kind: 'timeout' });
    await expect(fetch(`${peer.url}/sessions`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    peer.faults.next(1, { kind: 'reset' });
    await expect(fetch(`${peer.url}/sessions`)).rejects.toThrow();
    peer.faults.next(1, { kind: 'truncated-json' });
    const res = await fetch(`${peer.url}/sessions`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBe(Number(res.headers.get('content-length')));
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect((await call(peer, '/sessions')).status).toBe(200);
  });

  it('trickles a slow body in chunks that still parse', async () => {
    const peer = await peerWith();
    peer.faults.next(1, { kind: 'slow-body', bytesPerChunk: 40, delayMs: 5 });
    const { chunks, body } = await new Promise<{ chunks: number; body: string }>((resolve, reject) => {
      httpRequest(`${peer.url}/health`, (res) => {
        let count = 0;
        let text = '';
        res.on('data', (chunk: Buffer) => {
          count++;
          text += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ chunks: count, body: text }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(chunks).toBeGreaterThan(1);
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
  });

  it('matches requests by predicate and logs requests without secrets', async () => {
    const peer = await peerWith({ auth: { mode: 'security-key', key: 'k' } });
    const rule = peer.faults.match((r) => r.path.endsWith('/runs'), { status: 503 }, { times: 2 });
    const auth = { headers: { authorization: 'Bearer k' } };
    const id = peer.store.list()[0]?.sessionId ?? '';
    expect((await call(peer, '/sessions?limit=5', auth)).status).toBe(200);
    expect((await call(peer, `/sessions/${id}/runs`, auth)).status).toBe(503);
    expect((await call(peer, `/sessions/${id}/runs`, auth)).status).toBe(503);
    expect((await call(peer, `/sessions/${id}/runs`, auth)).status).toBe(200);
    expect(rule.hits).toBe(2);

    const log = peer.requests();
    expect(log.map((r) => [r.method, r.path, r.status, r.fault])).toEqual([
      ['GET', '/sessions', 200, null],
      ['GET', `/sessions/${id}/runs`, 503, 'status-503'],
      ['GET', `/sessions/${id}/runs`, 503, 'status-503'],
      ['GET', `/sessions/${id}/runs`, 200, null],
    ]);
    expect(log[0]?.query).toEqual({ limit: '5' });
    expect(log[0]?.headers.authorization).toBe('Bearer [redacted]');
    peer.clearRequests();
    expect(peer.requests()).toEqual([]);
  });
});

describe('generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDataset({ seed: 99, sessions: 30, itemsPerSession: 20 });
    const b = generateDataset({ seed: 99, sessions: 30, itemsPerSession: 20 });
    const c = generateDataset({ seed: 100, sessions: 30, itemsPerSession: 20 });
    const full = (d: typeof a): string =>
      createHash('sha256')
        .update(JSON.stringify(d.sessions.map((s) => ({ s, runs: expandRuns(s, d.catalog) }))))
        .digest('hex');
    expect(full(a)).toBe(full(b));
    expect(full(a)).not.toBe(full(c));
  });

  it('covers every scenario and run status, with a big tool result on request', () => {
    const bigIndex = SCENARIO_NAMES.length;
    const data = generateDataset({
      seed: 4,
      sessions: bigIndex + 1,
      largeToolResults: [{ sessionIndex: bigIndex, bytes: 1_000_000 }],
    });
    const runs = data.sessions.flatMap((s) => expandRuns(s, data.catalog));
    const statuses = new Set(runs.map((r) => r.status));
    for (const status of ['PENDING', 'RUNNING', 'COMPLETED', 'PAUSED', 'CANCELLED', 'ERROR', 'REGENERATED'])
      expect(statuses).toContain(status);
    expect(new Set(data.sessions.map((s) => s.dbId)).size).toBeGreaterThan(1);
    expect(runs.some((r) => (r.tools ?? []).some((t) => t.tool_call_error === true))).toBe(true);
    expect(runs.some((r) => (r.reasoning_steps ?? []).length > 0)).toBe(true);

    const big = data.sessions[bigIndex];
    expect(big?.scenario).toBe('agent-big-result');
    const bigRuns = big ? expandRuns(big, data.catalog) : [];
    const result = bigRuns
      .flatMap((r) => r.messages ?? [])
      .find((m) => m.role === 'tool' && (m.content?.length ?? 0) > 900_000);
    expect(result).toBeDefined();
    expect(() => JSON.parse(result?.content ?? '') as unknown).not.toThrow();
  });

  it('plans 10,000 sessions of ~50 items quickly', () => {
    const started = performance.now();
    const data = generateDataset({ seed: 1, sessions: 10_000, itemsPerSession: 50 });
    const sample = data.sessions.slice(0, 500).flatMap((s) => expandRuns(s, data.catalog));
    const perSession =
      sample.reduce(
        (n, r) =>
          n +
          (r.messages?.length ?? 0) +
          (r.step_executor_runs ?? []).reduce((m, e) => m + (e.messages?.length ?? 0), 0),
        0,
      ) / 500;
    expect(data.sessions).toHaveLength(10_000);
    expect(perSession).toBeGreaterThan(30);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
