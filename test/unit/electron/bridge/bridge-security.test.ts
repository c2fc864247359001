import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBridge, type Bridge } from '../../../../electron/main/bridge/server';
import { handlers } from '../../../../electron/main/ipc/handlers';
import { createTempCore, waitFor, type TempCore } from '../../../support/temp-core';

let core: TempCore;
let bridge: Bridge;
let staticDir: string;

beforeEach(async () => {
  core = createTempCore();
  staticDir = mkdtempSync(join(tmpdir(), 'tracedeck-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(core.dataDir, 'secret.txt'), 'do not serve');
  bridge = await startBridge({ deps: core.deps, handlers, staticDir, port: 0 });
});

afterEach(async () => {
  await bridge.close();
  await core.dispose();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be set freely (fetch forbids both). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const bearer = (): Record<string, string> => ({ authorization: `Bearer ${bridge.token}` });

describe('web bridge security', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses calls without the token or with a wrong one', async () => {
    const noToken = await send('/api/invoke/app:info', { method: 'POST', headers: json, body: '{}' });
    const wrong = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(noToken.body).not.toContain('Tracedeck"');
  });

  it('refuses the page itself without the token', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/assets/app.js')).status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const response = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...json, ...bearer(), origin: 'https://evil.example' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('accepts its own Origin with the token', async () => {
    const response = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...json, ...bearer(), origin: bridge.origin },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, data: { dataDir: core.dataDir } });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...json, ...bearer(), host: `evil.example:${bridge.port}` },
      body: '{}',
    });
    expect(response.status).toBe(421);
  });

  it('refuses calls that are not JSON, so a cross-site form cannot post', async () => {
    const response = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(response.status).toBe(415);
  });

  it('answers malformed JSON with invalid-input', async () => {
    const response = await send('/api/invoke/app:info', {
      method: 'POST',
      headers: { ...json, ...bearer() },
      body: '{oops',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('trades the launch URL token for an HttpOnly SameSite cookie that then authorizes the page', async () => {
    const launch = await send(`/?token=${bridge.token}`);
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    const cookie = String(launch.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send('/', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.body).toContain('<title>app</title>');
  });

  it('refuses a wrong launch token', async () => {
    expect((await send('/?token=wrong')).status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await send(path, { headers: bearer() });
      expect(response.status, path).not.toBe(200);
      expect(response.body).not.toContain('do not serve');
    }
  });

  it('pushes core events to an authorized WebSocket and rejects others', async () => {
    const denied = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`);
    const deniedStatus = await new Promise<number>((resolve) => {
      denied.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      denied.on('error', () => resolve(-1));
    });
    expect(deniedStatus).toBe(401);

    const foreign = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`, {
      headers: bearer(),
      origin: 'https://evil.example',
    });
    const foreignOpened = await new Promise<boolean>((resolve) => {
      foreign.on('open', () => resolve(true));
      foreign.on('error', () => resolve(false));
      foreign.on('unexpected-response', () => resolve(false));
    });
    expect(foreignOpened).toBe(false);

    const socket = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`, { headers: bearer() });
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    core.deps.store.notifyChanged(['sessions', 'sessions']);
    await waitFor(() => messages.length > 0, { what: 'a db:changed event' });
    expect(messages[0]).toEqual({ event: 'db:changed', payload: { tables: ['sessions'] } });
    socket.close();
  });
});
