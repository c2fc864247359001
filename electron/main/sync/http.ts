import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { codeForStatus, parseRetryAfter, SourceError } from './errors';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (AgentOS run endpoints take form fields). */
  form?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

/** The only way connectors talk to the network: injected, so tests and the engine control it. */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

const DEFAULT_TIMEOUT_MS = 30_000;

/** What the client needs of a response, whichever way it was fetched. */
interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

type Send = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal },
) => Promise<RawResponse>;

/**
 * A client that turns every failure into a classified `SourceError`: non-2xx by status (with
 * `Retry-After`), aborts by the caller as `canceled`, deadlines as `timeout`, socket failures
 * as `network` and unreadable bodies as `bad-response`. Requests go through `fetch`, except
 * that without an injected `fetch` a GET goes through `node:http(s)` (see `nodeGet`).
 */
export function createHttpClient(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): HttpClient {
  const viaFetch = fetchSend(options.fetch ?? fetch);
  const viaNode = options.fetch ? null : nodeGet(viaFetch);
  return async (request) => {
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    const timeout = AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const what = `${request.method ?? 'GET'} ${url.pathname}`;

    try {
      const method = request.method ?? 'GET';
      const send = viaNode !== null && method === 'GET' && body === undefined ? viaNode : viaFetch;
      const response = await send(url, { method, headers, body, signal });
      const { text } = response;
      if (response.status < 200 || response.status > 299) {
        throw new SourceError(codeForStatus(response.status), `${what} answered ${response.status}`, {
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          detail: errorDetail(text),
        });
      }
      return { status: response.status, headers: response.headers, body: parseBody(text, what) };
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (request.signal?.aborted)
        throw new SourceError('canceled', `${what} was canceled`, { cause: error });
      if (timeout.aborted) throw new SourceError('timeout', `${what} timed out`, { cause: error });
      throw new SourceError('network', `${what} failed: ${describeCause(error)}`, { cause: error });
    }
  };
}

function fetchSend(doFetch: typeof fetch): Send {
  return async (url, init) => {
    const response = await doFetch(url, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}

const AGENTS = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * GETs through `node:http(s)` with keep-alive: half the CPU of `fetch` for the ~100 KB session
 * bodies a sync reads by the thousand. It answers what `fetch` would: a body decompressed as
 * announced, decoded as UTF-8 without a BOM; a redirect is left to `fetch` to follow.
 */
function nodeGet(viaFetch: Send): Send {
  return (url, init) => {
    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:') return viaFetch(url, init);
    return new Promise<RawResponse | null>((resolve, reject) => {
      const request = (isHttps ? httpsRequest : httpRequest)(
        url,
        {
          method: 'GET',
          headers: { 'accept-encoding': 'gzip, deflate, br', ...init.headers },
          agent: isHttps ? AGENTS.https : AGENTS.http,
          signal: init.signal,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            resolve(null);
            return;
          }
          const chunks: Buffer[] = [];
          const body = decoded(response);
          body.on('data', (chunk: Buffer) => chunks.push(chunk));
          body.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status,
              headers: headersOf(response),
              text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
            });
          });
          body.on('error', reject);
          if (body !== response) response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    }).then((response) => response ?? viaFetch(url, init));
  };
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function parseBody(text: string, what: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError('bad-response', `${what} returned a body that is not JSON`, {
      detail: text.slice(0, 200),
      cause: error,
    });
  }
}

/** FastAPI's `{"detail": …}`, LangGraph's `{"error"/"message": …}`, or the text itself. */
function errorDetail(text: string): string | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const detail = parsed.detail ?? parsed.message ?? parsed.error;
    return typeof detail === 'string' ? detail : JSON.stringify(detail ?? parsed).slice(0, 500);
  } catch {
    return text.slice(0, 500);
  }
}

function describeCause(error: unknown): string {
  // fetch wraps the socket error: "fetch failed" ← ECONNREFUSED / "bad port" / …
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  // node:http's own socket errors carry the code themselves.
  const code = error instanceof Error && 'code' in error ? String(error.code) : null;
  if (code && !(error instanceof Error && error.cause instanceof Error)) message = `${code} (${message})`;
  while (current instanceof Error && current.cause instanceof Error) {
    current = current.cause;
    const code = 'code' in (current as object) ? String((current as { code: unknown }).code) : null;
    message = code ? `${code} (${(current as Error).message})` : (current as Error).message;
  }
  return message;
}
