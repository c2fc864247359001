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

/**
 * A fetch-based client that turns every failure into a classified `SourceError`: non-2xx by
 * status (with `Retry-After`), aborts by the caller as `canceled`, deadlines as `timeout`,
 * socket failures as `network` and unreadable bodies as `bad-response`.
 */
export function createHttpClient(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): HttpClient {
  const doFetch = options.fetch ?? fetch;
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
      const response = await doFetch(url, { method: request.method ?? 'GET', headers, body, signal });
      const text = await response.text();
      if (!response.ok) {
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
  while (current instanceof Error && current.cause instanceof Error) {
    current = current.cause;
    const code = 'code' in (current as object) ? String((current as { code: unknown }).code) : null;
    message = code ? `${code} (${(current as Error).message})` : (current as Error).message;
  }
  return message;
}
