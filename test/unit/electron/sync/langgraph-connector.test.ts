// The LangGraph connector's requests against a scripted fetch: paging (including the server's
// run-list paging bug), the history cursor, auth headers and the control sequences. The real
// server is exercised by test/integration/{sync,control}-langgraph*.test.ts.
import { describe, expect, it } from 'vitest';
import type { ControlRequest } from '../../../../electron/main/sync/connector';
import { createLangGraphConnector } from '../../../../electron/main/sync/connectors/langgraph/connector';
import { SourceError } from '../../../../electron/main/sync/errors';
import { createHttpClient } from '../../../../electron/main/sync/http';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

type Route = (request: Seen) => { status?: number; body?: unknown } | undefined;

function scripted(routes: Route[], options: { authMode?: 'none' | 'api-key'; credential?: string } = {}) {
  const seen: Seen[] = [];
  const fetchImpl = async (input: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const request: Seen = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    for (const route of routes) {
      const answer = route(request);
      if (answer) {
        const status = answer.status ?? 200;
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
        return new Response(status === 204 ? null : text, {
          status,
          headers: { date: 'Sun, 22 Nov 2026 04:10:00 GMT' },
        });
      }
    }
    return new Response(JSON.stringify({ detail: `no route for ${request.method} ${request.path}` }), {
      status: 404,
    });
  };
  const connector = createLangGraphConnector({
    baseUrl: 'http://langgraph.test/',
    authMode: options.authMode ?? 'none',
    credential: options.credential ?? null,
    http: createHttpClient({ fetch: fetchImpl as typeof fetch }),
  });
  return { connector, seen };
}

const on =
  (
    method: string,
    path: string | RegExp,
    answer: (request: Seen) => { status?: number; body?: unknown },
  ): Route =>
  (request) =>
    request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path))
      ? answer(request)
      : undefined;

const thread = (id: string, updatedAt: string, metadata: Record<string, unknown> = {}) => ({
  thread_id: id,
  created_at: '2026-11-22T04:00:00.000Z',
  updated_at: updatedAt,
  status: 'idle',
  metadata: { assistant_id: 'asst-1', graph_id: 'agent', ...metadata },
});

const run = (id: string, status: string, createdAt = '2026-11-22T04:00:01.000Z') => ({
  run_id: id,
  thread_id: 't1',
  assistant_id: 'asst-1',
  status,
  metadata: {},
  kwargs: { input: null },
  created_at: createdAt,
  updated_at: createdAt,
});

const checkpoint = (id: string, parent: string | null, extra: Record<string, unknown> = {}) => ({
  values: { messages: [] },
  next: [],
  tasks: [],
  metadata: { source: 'loop', step: 0, run_id: 'r1' },
  created_at: '2026-11-22T04:00:02.000Z',
  checkpoint: { thread_id: 't1', checkpoint_ns: '', checkpoint_id: id },
  parent_checkpoint: parent ? { thread_id: 't1', checkpoint_ns: '', checkpoint_id: parent } : null,
  ...extra,
});

const controlRequest = (
  action: ControlRequest['action'],
  extra: Partial<ControlRequest> = {},
): ControlRequest => ({
  action,
  session: { remoteId: 't1', kind: 'agent', scope: null, updatedAt: null },
  runRemoteId: null,
  componentId: null,
  ...extra,
});

describe('LangGraph connector: discovery and auth', () => {
  it('reads the version and lists every assistant as an agent component, page by page', async () => {
    const assistants = Array.from({ length: 130 }, (_, i) => ({
      assistant_id: `a${i}`,
      graph_id: `graph${i}`,
      name: i === 0 ? null : `name${i}`,
    }));
    const { connector, seen } = scripted([
      on('GET', '/info', () => ({ body: { version: '1.5.1', context: 'js', flags: {} } })),
      on('POST', '/assistants/search', (r) => {
        const { limit, offset } = r.body as { limit: number; offset: number };
        return { body: assistants.slice(offset, offset + limit) };
      }),
    ]);
    const discovery = await connector.discover();
    expect(discovery).toMatchObject({
      version: '1.5.1',
      databases: [],
      deniedActions: {},
      capabilities: { pause: true, resume: true, respond: true, cancel: true, delete: true },
    });
    expect(discovery.components).toHaveLength(130);
    expect(discovery.components[0]).toEqual({ type: 'agent', id: 'a0', name: 'graph0' });
    expect(discovery.components[1]).toEqual({ type: 'agent', id: 'a1', name: 'name1' });
    expect(seen.filter((r) => r.path === '/assistants/search').map((r) => r.body)).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 100 },
    ]);
  });

  it('sends a cloud API key as x-api-key, and nothing for a local dev server', async () => {
    const info = on('GET', '/info', () => ({ body: { version: '0.4.0' } }));
    const search = on('POST', '/assistants/search', () => ({ body: [] }));
    const cloud = scripted([info, search], { authMode: 'api-key', credential: 'lsv2_secret' });
    await cloud.connector.discover();
    expect(cloud.seen.every((r) => r.headers['x-api-key'] === 'lsv2_secret')).toBe(true);
    expect(cloud.seen.every((r) => r.headers.authorization === undefined)).toBe(true);

    const local = scripted([info, search]);
    await local.connector.discover();
    expect(local.seen.every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
  });

  it('a 401 is an auth error', async () => {
    const { connector } = scripted(
      [on('GET', '/info', () => ({ status: 401, body: { detail: 'Invalid API key' } }))],
      {
        authMode: 'api-key',
        credential: 'wrong',
      },
    );
    await expect(connector.discover()).rejects.toMatchObject({ code: 'auth', detail: 'Invalid API key' });
  });
});

describe('LangGraph connector: listing threads', () => {
  const threads = Array.from({ length: 250 }, (_, i) =>
    thread(`t${i}`, new Date(Date.parse('2026-11-22T05:00:00Z') - i * 60_000).toISOString()),
  );
  const search = on('POST', '/threads/search', (r) => {
    const { limit, offset } = r.body as { limit: number; offset: number };
    return { body: threads.slice(offset, offset + limit) };
  });

  it('pages threads by updated_at desc with limit/offset, asking only for the fields it lists', async () => {
    const { connector, seen } = scripted([search]);
    const ids: string[] = [];
    let page: string | null = null;
    do {
      const result = await connector.listSessions({ page, updatedSince: null });
      ids.push(...result.items.map((item) => item.remoteId));
      page = result.nextPage;
    } while (page !== null);
    expect(ids).toEqual(threads.map((t) => t.thread_id));
    expect(seen.map((r) => r.body)).toEqual(
      [0, 100, 200].map((offset) => ({
        limit: 100,
        offset,
        sort_by: 'updated_at',
        sort_order: 'desc',
        select: ['thread_id', 'created_at', 'updated_at', 'status', 'metadata'],
      })),
    );
  });

  it('stops at the first thread older than updatedSince', async () => {
    const { connector, seen } = scripted([search]);
    const since = Date.parse(threads[42]!.updated_at);
    const result = await connector.listSessions({ page: null, updatedSince: since });
    expect(result.items.map((item) => item.remoteId)).toEqual(threads.slice(0, 43).map((t) => t.thread_id));
    expect(result.items[0]).toEqual({
      remoteId: 't0',
      kind: 'agent',
      scope: null,
      updatedAt: Date.parse(threads[0]!.updated_at),
    });
    expect(result.nextPage).toBeNull();
    expect(seen).toHaveLength(1);
  });
});

describe('LangGraph connector: reading a thread', () => {
  it('lists runs from offset 0 with a growing limit (the server pages runs with slice(offset, limit))', async () => {
    const runs = Array.from({ length: 1_500 }, (_, i) => run(`r${i}`, 'success'));
    const { connector, seen } = scripted([
      on('GET', '/threads/t1', () => ({ body: thread('t1', '2026-11-22T04:10:00Z') })),
      on('GET', '/threads/t1/runs', (r) => ({
        body: runs.slice(Number(r.query.offset), Number(r.query.limit)),
      })),
      on('POST', '/threads/t1/history', () => ({ body: [] })),
    ]);
    const detail = await connector.fetchSession({
      remoteId: 't1',
      kind: 'agent',
      scope: null,
      updatedAt: null,
    });
    expect(detail.runs).toHaveLength(1_500);
    expect(seen.filter((r) => r.path === '/threads/t1/runs').map((r) => r.query)).toEqual([
      { limit: '1000', offset: '0' },
      { limit: '10000', offset: '0' },
    ]);
  });

  it('pages checkpoint history with the before cursor and reads each subgraph namespace', async () => {
    const history = Array.from({ length: 150 }, (_, i) =>
      checkpoint(`c${149 - i}`, i === 149 ? null : `c${148 - i}`, {
        tasks:
          i === 10
            ? [
                {
                  id: 'task',
                  name: 'researcher',
                  error: null,
                  interrupts: [],
                  checkpoint: { checkpoint_ns: 'researcher:task' },
                },
              ]
            : [],
      }),
    );
    const { connector, seen } = scripted([
      on('GET', '/threads/t1', () => ({ body: thread('t1', '2026-11-22T04:10:00Z') })),
      on('GET', '/threads/t1/runs', () => ({ body: [run('r1', 'success')] })),
      on('POST', '/threads/t1/history', (r) => {
        const body = r.body as { limit: number; before?: string; checkpoint?: { checkpoint_ns: string } };
        if (body.checkpoint) return { body: [] };
        const start = body.before
          ? history.findIndex((c) => c.checkpoint.checkpoint_id === body.before) + 1
          : 0;
        return { body: history.slice(start, start + body.limit) };
      }),
    ]);
    const detail = await connector.fetchSession({
      remoteId: 't1',
      kind: 'agent',
      scope: null,
      updatedAt: null,
    });
    const requests = seen.filter((r) => r.path === '/threads/t1/history').map((r) => r.body);
    expect(requests).toEqual([
      { limit: 100 },
      { limit: 100, before: 'c50' },
      { limit: 100, checkpoint: { checkpoint_ns: 'researcher:task' } },
    ]);
    expect(detail.raw.filter((r) => r.entity === 'activity')).toHaveLength(150);
  });

  it('an unknown thread is not-found; a garbled one is a bad response', async () => {
    const missing = scripted([]);
    await expect(
      missing.connector.fetchSession({ remoteId: 't1', kind: 'agent', scope: null, updatedAt: null }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const garbled = scripted([
      on('GET', '/threads/t1', () => ({ body: { id: 't1' } })),
      on('GET', '/threads/t1/runs', () => ({ body: [] })),
      on('POST', '/threads/t1/history', () => ({ body: [] })),
    ]);
    await expect(
      garbled.connector.fetchSession({ remoteId: 't1', kind: 'agent', scope: null, updatedAt: null }),
    ).rejects.toMatchObject({ code: 'bad-response' });
  });
});

describe('LangGraph connector: control', () => {
  const base = (runs: unknown[], metadata: Record<string, unknown> = {}): Route[] => [
    on('GET', '/threads/t1', () => ({ body: thread('t1', '2026-11-22T04:10:00Z', metadata) })),
    on('GET', '/threads/t1/runs', () => ({ body: runs })),
  ];

  it('pause interrupts the running run without waiting (the checkpoint stays)', async () => {
    const { connector, seen } = scripted([
      ...base([run('old', 'success'), run('live', 'running', '2026-11-22T04:05:00Z')]),
      on('POST', '/threads/t1/runs/live/cancel', () => ({ status: 202 })),
    ]);
    await connector.control(controlRequest('pause'));
    const cancel = seen.find((r) => r.path.endsWith('/cancel'))!;
    expect(cancel.query).toEqual({ action: 'interrupt' });
  });

  it('pause of a thread with nothing running is a conflict', async () => {
    const { connector } = scripted(base([run('old', 'success')]));
    await expect(connector.control(controlRequest('pause'))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('resume starts a run with null input on the same assistant; respond sends command.resume', async () => {
    const { connector, seen } = scripted([
      ...base([run('r1', 'interrupted')]),
      on('POST', '/threads/t1/runs', () => ({ body: run('r2', 'pending') })),
    ]);
    await connector.control(controlRequest('resume'));
    await connector.control(
      controlRequest('respond', { componentId: 'asst-9', response: { approved: true } }),
    );
    await connector.control(controlRequest('respond', { response: 'yes' }));
    expect(
      seen.filter((r) => r.method === 'POST' && r.path === '/threads/t1/runs').map((r) => r.body),
    ).toEqual([
      { assistant_id: 'asst-1', input: null },
      { assistant_id: 'asst-9', command: { resume: { approved: true } } },
      { assistant_id: 'asst-1', command: { resume: 'yes' } },
    ]);
  });

  it('a busy thread refuses a new run with 422: a conflict', async () => {
    const { connector } = scripted([
      ...base([run('r1', 'interrupted')]),
      on('POST', '/threads/t1/runs', () => ({
        status: 422,
        body: { detail: 'Thread is already running a task.' },
      })),
    ]);
    const error = await connector.control(controlRequest('resume')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({
      code: 'conflict',
      status: 422,
      detail: 'Thread is already running a task.',
    });
  });

  it('a thread Tracedeck canceled cannot be resumed or answered', async () => {
    const { connector, seen } = scripted(
      base([run('r1', 'interrupted')], { tracedeck_canceled: { run_id: 'r1', at: '2026-11-22T04:09:00Z' } }),
    );
    await expect(connector.control(controlRequest('resume'))).rejects.toMatchObject({ code: 'conflict' });
    await expect(connector.control(controlRequest('respond', { response: 'yes' }))).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('cancel interrupts and waits, moves the state to its end, then marks the thread', async () => {
    const { connector, seen } = scripted([
      ...base([run('r1', 'success'), run('r2', 'running', '2026-11-22T04:05:00Z')]),
      on('POST', '/threads/t1/runs/r2/cancel', () => ({ status: 204 })),
      on('GET', '/threads/t1/state', () => ({ body: checkpoint('c1', null, { next: ['tools'] }) })),
      on('POST', '/threads/t1/state', () => ({ body: { checkpoint: { checkpoint_id: 'c2' } } })),
      on('PATCH', '/threads/t1', () => ({ body: thread('t1', '2026-11-22T04:10:01Z') })),
    ]);
    await connector.control(controlRequest('cancel', { runRemoteId: 'r2' }));
    const writes = seen.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /threads/t1/runs/r2/cancel',
      'POST /threads/t1/state',
      'PATCH /threads/t1',
    ]);
    expect(writes[0]!.query).toEqual({ action: 'interrupt', wait: 'true' });
    expect(writes[1]!.body).toEqual({ values: null, as_node: '__end__' });
    expect(writes[2]!.body).toEqual({
      metadata: { tracedeck_canceled: { run_id: 'r2', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } },
    });
  });

  it('cancel of a waiting thread (nothing running) still ends its state and marks it', async () => {
    const { connector, seen } = scripted([
      ...base([run('r1', 'success')]),
      on('GET', '/threads/t1/state', () => ({ body: checkpoint('c1', null, { next: ['review'] }) })),
      on('POST', '/threads/t1/state', () => ({ status: 400, body: { detail: 'cannot update' } })),
      on('PATCH', '/threads/t1', () => ({ body: thread('t1', '2026-11-22T04:10:01Z') })),
    ]);
    await connector.control(controlRequest('cancel'));
    expect(seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /threads/t1/state',
      'PATCH /threads/t1',
    ]);
  });

  it('delete deletes the thread; one already gone counts as deleted', async () => {
    const ok = scripted([on('DELETE', '/threads/t1', () => ({ status: 204 }))]);
    await ok.connector.control(controlRequest('delete'));
    expect(ok.seen.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /threads/t1']);
    const gone = scripted([]);
    await expect(gone.connector.control(controlRequest('delete'))).resolves.toBeUndefined();
    const down = scripted([on('DELETE', '/threads/t1', () => ({ status: 500 }))]);
    await expect(down.connector.control(controlRequest('delete'))).rejects.toMatchObject({ code: 'server' });
  });
});
