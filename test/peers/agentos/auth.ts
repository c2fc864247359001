import { createHmac, createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Json, JsonObject } from './types';

export type JwtAuthOptions = {
  mode: 'jwt';
  /** HS256 shared secret (what `JWT_VERIFICATION_KEY` holds for symmetric setups). */
  secret?: string;
  /** RS256 public key (PEM or KeyObject): what the control plane issues. */
  publicKey?: string | KeyObject;
  /** `AgentOS(authorization=True)`: enforce scopes. Default true. */
  authorization?: boolean;
  verifyAudience?: boolean;
  audience?: string | readonly string[];
  /** `AuthorizationConfig(user_isolation=True)`. */
  userIsolation?: boolean;
  tokenSource?: 'header' | 'cookie' | 'both';
  cookieName?: string;
  leewaySeconds?: number;
};

export type AuthOptions = { mode: 'none' } | { mode: 'security-key'; key: string } | JwtAuthOptions;

export type Principal =
  | { kind: 'open' }
  | { kind: 'security-key' }
  | { kind: 'token'; userId: string | null; scopes: string[]; isAdmin: boolean; sessionId: string | null };

export type AuthDecision =
  { ok: true; principal: Principal } | { ok: false; status: 401 | 403; detail: string };

export const ADMIN_SCOPE = 'agent_os:admin';

/** Routes no auth layer guards (the reference's list; `/info` is open by design). */
const OPEN_ROUTES = new Set([
  '/',
  '/health',
  '/info',
  '/docs',
  '/redoc',
  '/openapi.json',
  '/docs/oauth2-redirect',
]);

export function isOpenRoute(path: string): boolean {
  return OPEN_ROUTES.has(path);
}

export function authModeName(auth: AuthOptions): 'none' | 'security_key' | 'jwt' {
  return auth.mode === 'security-key' ? 'security_key' : auth.mode;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Mints a JWT; HS256 with `secret`, RS256 with `privateKey`. For tests and the CLI. */
export function signJwt(
  claims: JsonObject,
  key: { secret: string } | { privateKey: string | KeyObject },
  header: JsonObject = {},
): string {
  const alg = 'secret' in key ? 'HS256' : 'RS256';
  const head = base64url(JSON.stringify({ alg, typ: 'JWT', ...header }));
  const body = base64url(JSON.stringify(claims));
  const input = `${head}.${body}`;
  const signature =
    'secret' in key
      ? createHmac('sha256', key.secret).update(input).digest()
      : sign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${base64url(signature)}`;
}

type JwtCheck = { ok: true; claims: JsonObject } | { ok: false; detail: string };

function parseJson(segment: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

/** PyJWT-style verification with the messages agno's middleware wraps. */
export function verifyJwt(
  token: string,
  options: JwtAuthOptions,
  nowSeconds: number,
  osId: string,
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, detail: 'Invalid token: Not enough segments' };
  const [head = '', body = '', sig = ''] = parts;
  const header = parseJson(head);
  const claims = parseJson(body);
  if (!header) return { ok: false, detail: 'Invalid token: Invalid header padding' };
  if (!claims) return { ok: false, detail: 'Invalid token: Invalid payload padding' };
  const expected = options.publicKey !== undefined ? 'RS256' : 'HS256';
  if (header.alg !== expected)
    return { ok: false, detail: 'Invalid token: The specified alg value is not allowed' };
  const input = Buffer.from(`${head}.${body}`);
  const signature = Buffer.from(sig, 'base64url');
  let valid = false;
  if (expected === 'HS256') {
    const mac = createHmac('sha256', options.secret ?? '')
      .update(input)
      .digest();
    valid = mac.length === signature.length && timingSafeEqual(mac, signature);
  } else if (options.publicKey !== undefined) {
    const key =
      typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    valid = verify('sha256', input, key, signature);
  }
  if (!valid) return { ok: false, detail: 'Invalid token: Signature verification failed' };
  const leeway = options.leewaySeconds ?? 10;
  if (typeof claims.exp === 'number' && claims.exp + leeway <= nowSeconds)
    return { ok: false, detail: 'Token has expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > nowSeconds)
    return { ok: false, detail: 'Invalid token: The token is not yet valid (nbf)' };
  if (options.verifyAudience === true) {
    const expectedAud = options.audience ?? osId;
    const wanted = typeof expectedAud === 'string' ? [expectedAud] : [...expectedAud];
    const aud = claims.aud;
    if (aud === undefined || aud === null) {
      return {
        ok: false,
        detail:
          'Invalid token: Token is missing the "aud" claim. Audience verification requires this claim to be present in the token.',
      };
    }
    const got = Array.isArray(aud) ? aud : [aud];
    if (!got.some((a) => typeof a === 'string' && wanted.includes(a))) {
      return { ok: false, detail: 'Invalid token audience - token not valid for this AgentOS instance' };
    }
  }
  return { ok: true, claims };
}

// ---- scopes ---------------------------------------------------------------------------------

/** agno's default scope map, for the routes this peer serves. `*` also spans `/` (fnmatch). */
const SCOPE_MAP: readonly (readonly [string, readonly string[]])[] = [
  ['GET /config', ['config:read']],
  ['GET /models', ['config:read']],
  ...(['agents', 'teams', 'workflows'] as const).flatMap((r) => [
    [`GET /${r}`, [`${r}:read`]] as const,
    [`GET /${r}/*`, [`${r}:read`]] as const,
    [`POST /${r}/*/runs`, [`${r}:run`]] as const,
    [`POST /${r}/*/runs/*/continue`, [`${r}:run`]] as const,
    [`POST /${r}/*/runs/*/cancel`, [`${r}:run`]] as const,
    [`POST /${r}/*/sessions/*/fork`, [`${r}:run`]] as const,
  ]),
  ['GET /sessions', ['sessions:read']],
  ['GET /sessions/*', ['sessions:read']],
  ['POST /sessions', ['sessions:write']],
  ['POST /sessions/*/rename', ['sessions:write']],
  ['PATCH /sessions/*', ['sessions:write']],
  ['DELETE /sessions', ['sessions:delete']],
  ['DELETE /sessions/*', ['sessions:delete']],
];

const SCOPE_PATTERNS = SCOPE_MAP.map(([route, scopes]) => {
  const [method = '', path = ''] = route.split(' ');
  const regex = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return { route, method, regex, scopes };
});

export function requiredScopes(method: string, path: string): readonly string[] {
  const exact = SCOPE_PATTERNS.find((p) => p.route === `${method} ${path}`);
  if (exact) return exact.scopes;
  return SCOPE_PATTERNS.find((p) => p.method === method && p.regex.test(path))?.scopes ?? [];
}

export function resourceContext(path: string): { type: string | null; id: string | null } {
  const match = /^\/(agents|teams|workflows)(?:\/([^/]+))?/.exec(path);
  return { type: match?.[1] ?? null, id: match?.[2] ?? null };
}

type ParsedScope = { admin: boolean; resource: string | null; id: string | null; action: string | null };

function parseScope(scope: string): ParsedScope {
  if (scope === ADMIN_SCOPE) return { admin: true, resource: null, id: null, action: null };
  const parts = scope.split(':');
  if (parts.length === 2)
    return { admin: false, resource: parts[0] ?? null, id: null, action: parts[1] ?? null };
  if (parts.length === 3)
    return { admin: false, resource: parts[0] ?? null, id: parts[1] ?? null, action: parts[2] ?? null };
  return { admin: false, resource: null, id: null, action: null };
}

/**
 * agno `has_required_scopes`: on a path with a resource id, `agents:run` becomes
 * `agents:<id>:run`, satisfied by `agents:run`, `agents:*:run` or `agents:<id>:run`.
 */
export function hasScopes(
  userScopes: readonly string[],
  required: readonly string[],
  resourceType: string | null,
  resourceId: string | null,
): boolean {
  const parsed = userScopes.map(parseScope);
  if (parsed.some((s) => s.admin)) return true;
  return required.every((req) => {
    const [resource, action] = req.split(':');
    const perResource = resourceType !== null && resourceId !== null;
    return parsed.some((s) => {
      if (s.resource !== (perResource ? resourceType : resource) || s.action !== action) return false;
      if (perResource) return s.id === null || s.id === '*' || s.id === resourceId;
      return s.id === null || s.id === '*';
    });
  });
}

/** Ids a caller with only per-resource scopes may see in a listing; `*` means all. */
export function accessibleIds(
  userScopes: readonly string[],
  resourceType: string,
  action: string,
): Set<string> {
  const parsed = userScopes.map(parseScope);
  if (
    parsed.some(
      (s) =>
        s.admin || (s.resource === resourceType && s.action === action && (s.id === null || s.id === '*')),
    )
  )
    return new Set(['*']);
  return new Set(
    parsed
      .filter((s) => s.resource === resourceType && s.action === action && s.id !== null)
      .map((s) => s.id ?? ''),
  );
}

export function forbidden(scopes: readonly string[]): AuthDecision {
  return {
    ok: false,
    status: 403,
    detail: `Insufficient permissions. Required scope(s): ${scopes.join(', ')}`,
  };
}

export type AuthRequest = {
  method: string;
  path: string;
  authorization: string | undefined;
  cookie: string | undefined;
};

export type AuthResult = AuthDecision & { listFilter?: Set<string> };

/** Authentication plus the scope-map check; per-route `run` checks happen in the handlers. */
export function authenticate(
  auth: AuthOptions,
  serviceTokens: ReadonlyMap<string, readonly string[]>,
  req: AuthRequest,
  nowSeconds: number,
  osId: string,
): AuthResult {
  if (auth.mode === 'none' || isOpenRoute(req.path) || req.method === 'OPTIONS')
    return { ok: true, principal: { kind: 'open' } };
  const header = req.authorization;
  const bearer = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
  const serviceScopes = bearer !== undefined ? serviceTokens.get(bearer) : undefined;
  if (auth.mode === 'security-key') {
    if (serviceScopes)
      return {
        ok: true,
        principal: {
          kind: 'token',
          userId: null,
          scopes: [...serviceScopes],
          isAdmin: serviceScopes.includes(ADMIN_SCOPE),
          sessionId: null,
        },
      };
    if (header === undefined || header === '')
      return { ok: false, status: 401, detail: 'Authorization header required' };
    if (bearer === undefined || !safeEqual(bearer, auth.key))
      return { ok: false, status: 401, detail: 'Invalid authentication token' };
    return { ok: true, principal: { kind: 'security-key' } };
  }
  const source = auth.tokenSource ?? 'header';
  const cookieName = auth.cookieName ?? 'access_token';
  // agno accepts the header value with or without the `Bearer ` prefix.
  const fromHeader = header !== undefined && header !== '' ? (bearer ?? header.trim()) : undefined;
  const fromCookie = readCookie(req.cookie, cookieName);
  const token =
    source === 'header' ? fromHeader : source === 'cookie' ? fromCookie : (fromHeader ?? fromCookie);
  if (token === undefined || token === '') {
    const detail =
      source === 'header'
        ? 'Authorization header missing'
        : source === 'cookie'
          ? `JWT cookie '${cookieName}' missing`
          : `JWT token missing from both Authorization header and '${cookieName}' cookie`;
    return { ok: false, status: 401, detail };
  }
  let principal: Principal;
  const tokenScopes = serviceTokens.get(token);
  if (tokenScopes) {
    principal = {
      kind: 'token',
      userId: null,
      scopes: [...tokenScopes],
      isAdmin: tokenScopes.includes(ADMIN_SCOPE),
      sessionId: null,
    };
  } else {
    const check = verifyJwt(token, auth, nowSeconds, osId);
    if (!check.ok) return { ok: false, status: 401, detail: check.detail };
    const scopes = normaliseScopes(check.claims.scopes);
    principal = {
      kind: 'token',
      userId: typeof check.claims.sub === 'string' ? check.claims.sub : null,
      scopes,
      isAdmin: scopes.includes(ADMIN_SCOPE),
      sessionId: typeof check.claims.session_id === 'string' ? check.claims.session_id : null,
    };
  }
  if (auth.authorization === false) return { ok: true, principal };
  const required = requiredScopes(req.method, req.path);
  if (required.length === 0) return { ok: true, principal };
  const context = resourceContext(req.path);
  if (hasScopes(principal.scopes, required, context.type, context.id)) return { ok: true, principal };
  const family = required[0]?.split(':')[0];
  if (req.method === 'GET' && context.type !== null && context.id === null && family === context.type) {
    // Listings never 403: callers with per-resource scopes get a filtered (maybe empty) list.
    return {
      ok: true,
      principal,
      listFilter: accessibleIds(principal.scopes, context.type, required[0]?.split(':')[1] ?? 'read'),
    };
  }
  const shown =
    context.type !== null && context.id !== null
      ? required.map((r) => `${context.type}:${context.id}:${r.split(':')[1] ?? ''}`)
      : required;
  return forbidden(shown);
}

/** The per-resource `run` check the run-control routes carry themselves. */
export function checkRunScope(
  auth: AuthOptions,
  principal: Principal,
  resourceType: string,
  resourceId: string,
): AuthDecision {
  if (auth.mode !== 'jwt' || auth.authorization === false || principal.kind !== 'token')
    return { ok: true, principal };
  if (hasScopes(principal.scopes, [`${resourceType}:run`], resourceType, resourceId))
    return { ok: true, principal };
  return forbidden([`${resourceType}:${resourceId}:run`]);
}

/** Under user isolation a non-admin JWT caller only ever sees its own `sub`. */
export function isolatedUser(auth: AuthOptions, principal: Principal): string | null {
  if (auth.mode !== 'jwt' || auth.userIsolation !== true || principal.kind !== 'token' || principal.isAdmin)
    return null;
  return principal.userId ?? '';
}

function normaliseScopes(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  return [];
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
