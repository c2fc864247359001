import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../../../electron/main/sync/errors';
import { createHttpClient } from '../../../../electron/main/sync/http';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            query: Object.fromEntries(url.searchParams),
            auth: req.headers.authorization ?? null,
          }),
        );
      case '/echo': {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: req.headers['content-type'], body }));
        });
        return;
      }
      case '/status': {
        const status = Number(url.searchParams.get('code'));
        res.writeHead(status, {
          'content-type': 'application/json',
          'retry-after': url.searchParams.get('retry') ?? '',
        });
        return res.end(JSON.stringify({ detail: `failed with ${status}` }));
      }
      case '/hang':
        return; // never answers
      case '/reset':
        return req.socket.destroy();
      case '/truncated':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"data": [1, 2');
      case '/gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return res.end(gzipSync(JSON.stringify({ accepted: req.headers['accept-encoding'], text: 'é' })));
      case '/br':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        return res.end(brotliCompressSync(JSON.stringify({ ok: 'br' })));
      case '/bom':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":"東京"}')]));
      case '/moved':
        res.writeHead(307, { location: `/ok?moved=${req.method}` });
        return res.end();
      case '/empty':
        res.writeHead(204);
        return res.end();
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const http = createHttpClient({ timeoutMs: 2_000 });

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected the request to fail');
}

describe('http client', () => {
  it('sends query parameters and headers and parses JSON', async () => {
    const response = await http({
      url: `${base}/ok`,
      query: { page: 2, db_id: null, type: 'agent' },
      headers: { authorization: 'Bearer k' },
    });
    expect(response.body).toEqual({ query: { page: '2', type: 'agent' }, auth: 'Bearer k' });
  });

  it('encodes JSON and form bodies', async () => {
    const json = await http({ method: 'POST', url: `${base}/echo`, json: { a: 1 } });
    expect(json.body).toEqual({ type: 'application/json', body: '{"a":1}' });
    const form = await http({
      method: 'POST',
      url: `${base}/echo`,
      form: { tools: '[{"x":1}]', stream: 'false' },
    });
    expect(form.body).toEqual({
      type: 'application/x-www-form-urlencoded',
      body: 'tools=%5B%7B%22x%22%3A1%7D%5D&stream=false',
    });
  });

  it('returns null for an empty body', async () => {
    expect((await http({ method: 'DELETE', url: `${base}/empty` })).body).toBeNull();
  });

  it.each([
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [500, 'server'],
    [503, 'server'],
    [422, 'bad-response'],
  ] as const)('classifies HTTP %i as %s with the server detail', async (status, code) => {
    const error = await failure(http({ url: `${base}/status`, query: { code: status } }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.detail).toBe(`failed with ${status}`);
  });

  it('reads Retry-After on 429', async () => {
    const error = await failure(http({ url: `${base}/status`, query: { code: 429, retry: 3 } }));
    expect(error).toMatchObject({ code: 'rate-limited', retryAfterMs: 3000 });
    expect(error.isTransient).toBe(true);
  });

  it('classifies a hung request as timeout, a reset socket as network and a refused port as network', async () => {
    expect((await failure(http({ url: `${base}/hang`, timeoutMs: 200 }))).code).toBe('timeout');
    expect((await failure(http({ url: `${base}/reset` }))).code).toBe('network');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(http({ url: `http://127.0.0.1:${port}/` }));
    expect(refused.code).toBe('network');
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });

  it('classifies truncated JSON as bad-response', async () => {
    const error = await failure(http({ url: `${base}/truncated` }));
    expect(error.code).toBe('bad-response');
    expect(error.isTransient).toBe(false);
  });

  it('answers GETs as fetch would: decompressed, without a BOM, after redirects', async () => {
    expect((await http({ url: `${base}/gzip` })).body).toEqual({
      accepted: expect.stringContaining('gzip'),
      text: 'é',
    });
    expect((await http({ url: `${base}/br` })).body).toEqual({ ok: 'br' });
    expect((await http({ url: `${base}/bom` })).body).toEqual({ ok: '東京' });
    expect((await http({ url: `${base}/moved`, headers: { authorization: 'Bearer k' } })).body).toEqual({
      query: { moved: 'GET' },
      auth: 'Bearer k',
    });
  });

  it('reports a caller abort as canceled, not as a timeout', async () => {
    const controller = new AbortController();
    const pending = http({ url: `${base}/hang`, signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).code).toBe('canceled');
  });
});
