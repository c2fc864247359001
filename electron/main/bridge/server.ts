import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreDeps } from '../core';
import { dispatch } from '../ipc/dispatch';
import type { Handlers } from '../ipc/handlers';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedHost,
  isAllowedOrigin,
  newLaunchToken,
  requestToken,
  TOKEN_COOKIE,
  tokensMatch,
} from './security';

export interface BridgeOptions {
  deps: CoreDeps;
  handlers: Handlers;
  /** The built renderer (`out/renderer`); null serves the API only. */
  staticDir: string | null;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface Bridge {
  origin: string;
  port: number;
  token: string;
  /** The URL to open: it hands the token to the browser, which keeps it as a cookie. */
  launchUrl: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const INVOKE_PREFIX = '/api/invoke/';
const EVENTS_PATH = '/api/events';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Serves the renderer and the one handler table over HTTP (calls) and a WebSocket (events)
 * on 127.0.0.1 only. Every request needs the per-launch token; browser requests must also
 * come from the bridge's own origin.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newLaunchToken();
  const sockets = new Set<WebSocket>();
  let port = options.port;

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      console.error('web bridge request failed:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req, port)) return sendText(res, 421, 'Unknown host');
    if (!isAllowedOrigin(req, port)) return sendText(res, 403, 'Foreign origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && url.pathname === '/' && queryToken !== null) {
      if (!tokensMatch(token, queryToken)) return sendText(res, 401, 'Wrong token');
      res.writeHead(303, {
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
      });
      res.end();
      return;
    }
    if (!tokensMatch(token, requestToken(req))) {
      return sendText(res, 401, 'Open the URL printed by `npm run web`: it carries this launch token.');
    }

    if (url.pathname.startsWith(INVOKE_PREFIX)) return handleInvoke(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    return serveStatic(res, url.pathname);
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    // A JSON content type cannot be sent cross-site without a preflight, which we never answer.
    if (!req.headers['content-type']?.startsWith('application/json')) {
      return sendText(res, 415, 'Expected application/json');
    }
    const channel = decodeURIComponent(url.pathname.slice(INVOKE_PREFIX.length));
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch (error) {
      const message = error instanceof BodyTooLargeError ? error.message : 'Request body is not valid JSON';
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message } });
    }
    sendJson(res, 200, await dispatch(options.handlers, options.deps, channel, input));
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
    if (options.staticDir === null) return sendText(res, 404, 'Not found');
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(options.staticDir, relative));
    if (!file.startsWith(normalize(options.staticDir) + sep)) return sendText(res, 403, 'Forbidden');
    if (!existsSync(file) || !statSync(file).isFile()) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=31536000, immutable',
    });
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const isAuthorized =
      url.pathname === EVENTS_PATH &&
      isAllowedHost(req, port) &&
      isAllowedOrigin(req, port) &&
      tokensMatch(token, requestToken(req));
    if (!isAuthorized) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  const unsubscribe = options.deps.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    token,
    launchUrl: `${origin}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
