/*
 * The conformance cases: plain data. Tokens are `{{token:<name>}}` placeholders filled in from
 * the fixture at run time (see resolveRequest), so the table is static and every adapter gets
 * exactly the same requests. Names cite attack-catalogue.md rows ("§2 #3" = section 2, row 3).
 */
import { ERROR_CODES, type ErrorCode } from '@entra-guard/core';
import {
  C,
  C2,
  CONFORMANCE_EPOCH_SECONDS,
  ENTRA_ORIGIN,
  KILLED_CLIENT,
  OID,
  PROTECTED_RESOURCE,
  REVOKED_UTI,
  T,
  T2,
  VARIANTS,
  X,
  type ConformanceAppVariant,
  type ConformanceFixture,
  type TokenName,
} from './fixture-tokens.js';
import { utf8AsLatin1 } from './raw-http.js';

/** Catalogue section a case belongs to. */
export type CaseSection = 'positive' | '§2 carriage' | 'bad tokens' | '§7 authorisation' | '§8 revocation, CAE, caching' | 'metadata';

/** One request. `headerLines` → raw socket (byte-for-byte); otherwise `headers` → fetch. */
export interface CaseRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headerLines?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What the response must be. */
export interface CaseExpectation {
  /** One status, or the acceptable ones (rows that allow either). */
  readonly status: number | readonly number[];
  /** Exact header, a pattern, or `absent`. Not checked when omitted. */
  readonly wwwAuthenticate?: string | RegExp | 'absent';
  /** The problem body's `code` (implies the full problem+json check). */
  readonly code?: ErrorCode;
  /** The parsed success body, compared deeply. */
  readonly json?: unknown;
  readonly bodyIncludes?: string | readonly string[];
  /** Response headers that must have exactly these values (names lower-case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Bound on the round trip (DoS rows). */
  readonly maxDurationMs?: number;
  /** The canary (a URL inside the token) must not have been contacted. */
  readonly noOutboundRequests?: boolean;
}

/** Fixture state changes applied right before the request (the clock is reset after every case). */
export type SetupAction =
  | { readonly revokeUser: string; readonly tenantId?: string }
  | { readonly revokeToken: string }
  | { readonly disableClient: string }
  | { readonly advanceClockSeconds: number };

/** One row of the suite. */
export interface ConformanceCase {
  readonly name: string;
  readonly section: CaseSection;
  readonly request: CaseRequest;
  readonly expect: CaseExpectation;
  /** The app to send it to (cases sharing one variant object share one app). Default: the default app. */
  readonly appOptions?: ConformanceAppVariant;
  readonly before?: readonly SetupAction[];
  /**
   * What the cross-adapter comparison compares: `full` (status, WWW-Authenticate, content-type,
   * body), `status` (framework-owned answers: 404, 431) or `none` (rows whose answer the
   * framework's routing or body parsing decides, within the allowed statuses).
   */
  readonly compare?: 'full' | 'status' | 'none';
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/** How a placeholder token is disfigured for the Unicode rows (§2 #16). */
type TokenTransform = 'fullwidthDot' | 'onedotLeader' | 'zwsp' | 'latin1Byte' | 'padding' | 'quoted';

const tok = (name: TokenName, transform?: TokenTransform): string => `{{token:${name}${transform === undefined ? '' : `:${transform}`}}}`;

function transform(token: string, how: string | undefined): string {
  switch (how) {
    case undefined:
      return token;
    case 'fullwidthDot':
      return utf8AsLatin1(token.replaceAll('.', '\uFF0E'));
    case 'onedotLeader':
      return utf8AsLatin1(token.replaceAll('.', '\u2024'));
    case 'zwsp': {
      const at = token.indexOf('.') + 12;
      return utf8AsLatin1(`${token.slice(0, at)}\u200B${token.slice(at)}`);
    }
    case 'latin1Byte': {
      const at = token.indexOf('.') + 12;
      return `${token.slice(0, at)}\u00E9${token.slice(at)}`; // one byte, 0xE9
    }
    case 'padding':
      return `${token}==`;
    case 'quoted':
      return `"${token}"`;
    default:
      throw new Error(`unknown token transform ${how}`);
  }
}

/** Replaces `{{token:name[:transform]}}` with the fixture's tokens. */
export function fillPlaceholders(text: string, fx: ConformanceFixture): string {
  return text.replace(/\{\{token:([A-Za-z0-9]+)(?::([A-Za-z0-9]+))?\}\}/g, (_m, name: string, how: string | undefined) => {
    const token = (fx.tokens as Record<string, string | undefined>)[name];
    if (token === undefined) throw new Error(`unknown fixture token ${name}`);
    return transform(token, how);
  });
}

const PLACEHOLDER = /\{\{token:([A-Za-z0-9]+)(?::[A-Za-z0-9]+)?\}\}/g;

/** The fixture tokens a request uses (unaltered, whatever transform the request applies). */
export function tokensUsed(request: CaseRequest, fx: ConformanceFixture): string[] {
  const text = [request.path, ...(request.headerLines ?? []), ...Object.values(request.headers ?? {}), request.body ?? ''].join('\n');
  const tokens = fx.tokens as Record<string, string | undefined>;
  return [...text.matchAll(PLACEHOLDER)].map((m) => tokens[m[1]!]).filter((t): t is string => t !== undefined);
}

/** The request with every placeholder filled in. */
export function resolveRequest(request: CaseRequest, fx: ConformanceFixture): CaseRequest {
  const fill = (s: string): string => fillPlaceholders(s, fx);
  const resolved: { -readonly [K in keyof CaseRequest]: CaseRequest[K] } = { method: request.method, path: fill(request.path) };
  if (request.headerLines !== undefined) resolved.headerLines = request.headerLines.map(fill);
  if (request.headers !== undefined) resolved.headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, fill(v)]));
  if (request.body !== undefined) resolved.body = fill(request.body);
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Expected responses (literal RFC 6750 challenges; only the fixed descriptions come from core)

const REALM = 'api';
const CLAIMS_AUTHORIZATION_URI = `${ENTRA_ORIGIN}/common/oauth2/authorize`;
/** `resource_metadata` of the protectedResource variant. */
export const RESOURCE_METADATA_URL = `${PROTECTED_RESOURCE}/.well-known/oauth-protected-resource`;

function withMetadata(header: string, resourceMetadata: boolean): string {
  return resourceMetadata ? `${header}, resource_metadata="${RESOURCE_METADATA_URL}"` : header;
}

const description = (code: ErrorCode): string => ERROR_CODES[code].description;

/** 401∅: no credentials (no error code). */
function noCredentials(resourceMetadata = false): CaseExpectation {
  return { status: 401, code: 'EG_REQUEST_MISSING_TOKEN', wwwAuthenticate: withMetadata(`Bearer realm="${REALM}"`, resourceMetadata) };
}

/** 401 invalid_token. */
function refused(code: ErrorCode, resourceMetadata = false): CaseExpectation {
  const header = `Bearer realm="${REALM}", error="invalid_token", error_description="${description(code)}"`;
  return { status: 401, code, wwwAuthenticate: withMetadata(header, resourceMetadata) };
}

/** 403 insufficient_scope, with `scope` when the denial names what would suffice. */
function forbidden(code: ErrorCode, scope?: string): CaseExpectation {
  const scopePart = scope === undefined ? '' : `, scope="${scope}"`;
  return { status: 403, code, wwwAuthenticate: `Bearer realm="${REALM}", error="insufficient_scope", error_description="${description(code)}"${scopePart}` };
}

/** 400 invalid_request: two credentials. */
function duplicate(): CaseExpectation {
  const code: ErrorCode = 'EG_REQUEST_DUPLICATE_CREDENTIALS';
  return { status: 400, code, wwwAuthenticate: `Bearer realm="${REALM}", error="invalid_request", error_description="${description(code)}"` };
}

/** 401c: Microsoft's claims challenge, exactly as Entra's clients parse it. */
function claimsChallenge(claims: object, resourceMetadata = false): CaseExpectation {
  const b64 = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64');
  const header = `Bearer realm="", authorization_uri="${CLAIMS_AUTHORIZATION_URI}", error="insufficient_claims", claims="${b64}"`;
  return { status: 401, code: 'EG_INSUFFICIENT_CLAIMS', wwwAuthenticate: withMetadata(header, resourceMetadata) };
}

const STEP_UP_C1 = { access_token: { acrs: { essential: true, value: 'c1' } } };
const REVOKED_AT = { access_token: { nbf: { essential: true, value: String(CONFORMANCE_EPOCH_SECONDS) } } };

/** `P` of the contract: `{ ok, kind, tenantId, objectId }`. */
function principal(kind: 'user' | 'app', objectId: string, tenantId = T): { ok: true; kind: string; tenantId: string; objectId: string } {
  return { ok: true, kind, tenantId, objectId };
}

function ok(json: unknown): CaseExpectation {
  return { status: 200, json, wwwAuthenticate: 'absent' };
}

const user = (objectId: string = OID.user, tenantId = T): CaseExpectation => ok(principal('user', objectId, tenantId));
const app = (objectId: string = OID.app, tenantId = T): CaseExpectation => ok(principal('app', objectId, tenantId));

// ---------------------------------------------------------------------------------------------
// Requests

const bearer = (name: TokenName, how?: TokenTransform): Record<string, string> => ({ authorization: `Bearer ${tok(name, how)}` });
const get = (path: string, headers: Record<string, string> = {}): CaseRequest => ({ method: 'GET', path, headers });
const raw = (path: string, headerLines: string[], method: 'GET' | 'POST' = 'GET', body?: string): CaseRequest =>
  body === undefined ? { method, path, headerLines } : { method, path, headerLines, body };
const post = (path: string, headers: Record<string, string>, body: string): CaseRequest => ({ method: 'POST', path, headers, body });

const ORDER = { item: 'widget', quantity: 2 };
const ORDER_JSON = JSON.stringify(ORDER);
const JSON_TYPE = { 'content-type': 'application/json' };

/** Every route that needs authentication, with a token that passes it. */
const PROTECTED_ROUTES: ReadonlyArray<{ path: string; method: 'GET' | 'POST'; token: TokenName; expect: CaseExpectation }> = [
  { path: '/me', method: 'GET', token: 'g2', expect: user() },
  { path: '/orders', method: 'GET', token: 'g2', expect: user() },
  { path: '/orders', method: 'POST', token: 'g2Write', expect: ok({ ...principal('user', OID.user), received: ORDER }) },
  { path: '/user', method: 'GET', token: 'g2', expect: user() },
  { path: '/app', method: 'GET', token: 'ga', expect: app() },
  { path: '/admin', method: 'GET', token: 'admin', expect: user() },
  { path: `/tenants/${T}/orders`, method: 'GET', token: 'g2', expect: user() },
  { path: '/export', method: 'GET', token: 'acrsC1', expect: user() },
  { path: '/groups', method: 'GET', token: 'groupsMember', expect: user() },
];

function routeRequest(r: { path: string; method: 'GET' | 'POST' }, headers: Record<string, string>): CaseRequest {
  return r.method === 'POST' ? post(r.path, { ...JSON_TYPE, ...headers }, ORDER_JSON) : get(r.path, headers);
}

function positiveCases(): ConformanceCase[] {
  const section = 'positive' as const;
  return [
    ...PROTECTED_ROUTES.map((r) => ({
      name: `positive control: ${r.method} ${r.path} with ${r.token} → 200 P`,
      section,
      request: routeRequest(r, bearer(r.token)),
      expect: r.expect,
    })),
    { name: 'positive control: GET /public anonymous → 200 kind null', section, request: get('/public'), expect: ok({ ok: true, kind: null }) },
    { name: 'positive control: GET /public with G2 → 200 kind user', section, request: get('/public', bearer('g2')), expect: ok({ ok: true, kind: 'user' }) },
    { name: 'positive control: GET /public with GA → 200 kind app', section, request: get('/public', bearer('ga')), expect: ok({ ok: true, kind: 'app' }) },
    {
      name: 'positive control: GET /public with another scheme (Basic) is anonymous → 200 kind null',
      section,
      request: get('/public', { authorization: 'Basic dXNlcjpwYXNz' }),
      expect: ok({ ok: true, kind: null }),
    },
    { name: 'optional auth: GET /public with a forged token → 401 (a bad token is still refused)', section, request: get('/public', bearer('forged')), expect: refused('EG_SIGNATURE_INVALID') },
    { name: 'optional auth: GET /public with an expired token → 401', section, request: get('/public', bearer('expired')), expect: refused('EG_TOKEN_EXPIRED') },
    { name: 'optional auth: GET /public with "Bearer a b" → 401 malformed', section, request: get('/public', { authorization: 'Bearer a b' }), expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION') },
    {
      name: 'optional auth: GET /public with two Authorization headers (raw) → 400',
      section,
      request: raw('/public', [`Authorization: Bearer ${tok('g2')}`, `Authorization: Bearer ${tok('ga')}`]),
      expect: duplicate(),
    },
    { name: 'optional auth: GET /public with header and ?access_token → 400', section, request: get(`/public?access_token=${tok('g2')}`, bearer('g2')), expect: duplicate() },
    { name: 'optional auth: GET /public with ?access_token only → 200 anonymous (the query is not a carrier)', section, request: get(`/public?access_token=${tok('g2')}`), expect: ok({ ok: true, kind: null }) },
    {
      name: 'positive control: POST /orders with a read-only app permission → 403 naming the write permissions',
      section,
      request: post('/orders', { ...JSON_TYPE, ...bearer('ga') }, ORDER_JSON),
      expect: forbidden('EG_INSUFFICIENT_PERMISSIONS', 'Orders.Write Orders.ReadWrite.All'),
    },
    { name: 'positive control: GET /me with G1 (v1) → 200 P', section, request: get('/me', bearer('g1')), expect: user() },
    { name: 'positive control: GET /me with GA → 200 P(app)', section, request: get('/me', bearer('ga')), expect: app() },
    { name: 'positive control: GET /me with a v1 app token → 200 P(app)', section, request: get('/me', bearer('ga1')), expect: app() },
    { name: 'positive control: GET /orders with G1 → 200', section, request: get('/orders', bearer('g1')), expect: user() },
    { name: 'positive control: GET /orders with GA (Orders.Read.All) → 200', section, request: get('/orders', bearer('ga')), expect: app() },
    { name: 'positive control: GET /orders with a v1 app token → 200', section, request: get('/orders', bearer('ga1')), expect: app() },
    { name: 'positive control: GET /orders with scp "Orders.Write Orders.Read" → 200', section, request: get('/orders', bearer('g2MultiScope')), expect: user() },
    {
      name: 'positive control: POST /orders with GA Orders.ReadWrite.All and a JSON body → 200 echoing it',
      section,
      request: post('/orders', { ...JSON_TYPE, ...bearer('gaWrite') }, ORDER_JSON),
      expect: ok({ ...principal('app', OID.app), received: ORDER }),
    },
    { name: 'positive control: GET /user with G1 → 200', section, request: get('/user', bearer('g1')), expect: user() },
    { name: 'positive control: GET /app with a v1 app token → 200', section, request: get('/app', bearer('ga1')), expect: app() },
    { name: 'positive control: GET /tenants/{T upper-case}/orders → 200 (tenant ids compare case-insensitively)', section, request: get(`/tenants/${T.toUpperCase()}/orders`, bearer('g2')), expect: user() },
    { name: 'positive control: GET /export with acrs [c1] and cp1 → 200', section, request: get('/export', bearer('acrsC1Cp1')), expect: user() },
    { name: 'positive control: an unrelated query string is ignored → 200', section, request: get('/orders?page=2&sort=asc', bearer('g2')), expect: user() },
    { name: 'positive control: raw socket GET /me with G2 → 200', section, request: raw('/me', [`Authorization: Bearer ${tok('g2')}`]), expect: user() },
  ];
}

function badTokenCases(): ConformanceCase[] {
  const section = 'bad tokens' as const;
  const bad: ReadonlyArray<[TokenName, ErrorCode, string]> = [
    ['forged', 'EG_SIGNATURE_INVALID', 'forged (K_A signature under kid(K_T), §4 #41)'],
    ['forgedOwnKid', 'EG_KEY_NOT_FOUND', 'forged with an unknown kid (§4 #46)'],
    ['expired', 'EG_TOKEN_EXPIRED', 'expired (§5 #56)'],
    ['idToken', 'EG_NOT_ACCESS_TOKEN', 'ID token as access token (§6 #70)'],
    ['foreign', 'EG_TENANT_NOT_ALLOWED', 'token of tenant X (§6 #73)'],
  ];
  const cases: ConformanceCase[] = [];
  for (const r of PROTECTED_ROUTES) {
    for (const [token, code, what] of bad) {
      cases.push({ name: `${what}: ${r.method} ${r.path} → 401 ${code}`, section, request: routeRequest(r, bearer(token)), expect: refused(code) });
    }
  }
  return cases;
}

// Row 15: just under Node's 16 KiB header limit; row 14: beyond it. Deterministic garbage.
const GARBAGE_15K = Array.from({ length: 3 }, (_v, i) => `${'Zq9_x-'.repeat(853)}${i}`).join('.');
const HUGE_20K = 'A'.repeat(20 * 1024);

function carriageCases(): ConformanceCase[] {
  const section = '§2 carriage' as const;
  const g2 = tok('g2');
  const cases: ConformanceCase[] = [];
  for (const r of PROTECTED_ROUTES) {
    cases.push({ name: `§2 #1 no credentials: ${r.method} ${r.path} → 401∅`, section, request: routeRequest(r, {}), expect: noCredentials() });
  }
  cases.push(
    { name: '§2 #1 no credentials (raw socket): GET /me → 401∅', section, request: raw('/me', []), expect: noCredentials() },
    // Row 2: empty bearer.
    { name: '§2 #2 empty bearer "Bearer" (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer']), expect: noCredentials() },
    { name: '§2 #2 empty bearer "Bearer " with trailing space (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer ']), expect: noCredentials() },
    { name: '§2 #2 empty Authorization header "Authorization: " (raw) → 401∅', section, request: raw('/me', ['Authorization: ']), expect: noCredentials() },
    { name: '§2 #2 Authorization of spaces only (raw) → 401∅', section, request: raw('/me', ['Authorization:     ']), expect: noCredentials() },
    { name: '§2 #2 "Bearer" (fetch) → 401∅', section, request: get('/me', { authorization: 'Bearer' }), expect: noCredentials() },
    { name: '§2 #2 "Bearer   " with several spaces (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer   ']), expect: noCredentials() },
    // Row 3: scheme casing.
    ...['bearer', 'BEARER', 'BeArEr'].map((scheme) => ({
      name: `§2 #3 scheme casing "${scheme} G2" → 200`,
      section,
      request: get('/me', { authorization: `${scheme} ${g2}` }),
      expect: user(),
    })),
    { name: '§2 #3 scheme casing "bEaReR G2" (raw) → 200', section, request: raw('/me', [`Authorization: bEaReR ${g2}`]), expect: user() },
    // Row 4: whitespace.
    { name: '§2 #4 two spaces "Bearer␠␠G2" → 200', section, request: get('/me', { authorization: `Bearer  ${g2}` }), expect: user() },
    { name: '§2 #4 two spaces "Bearer␠␠G2" (raw) → 200', section, request: raw('/me', [`Authorization: Bearer  ${g2}`]), expect: user() },
    { name: '§2 #4 outer OWS " Bearer G2 " (raw) → 200', section, request: raw('/me', [`Authorization:   Bearer ${g2}  `]), expect: user() },
    { name: '§2 #4 outer OWS with tabs "\\tBearer G2\\t" (raw) → 200', section, request: raw('/me', [`Authorization:\tBearer ${g2}\t`]), expect: user() },
    { name: '§2 #4 tab separator "Bearer\\tG2" (raw) → 401', section, request: raw('/me', [`Authorization: Bearer\t${g2}`]), expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION') },
    // Row 5: other schemes.
    ...['Basic', 'JWT', 'Token', 'Negotiate'].map((scheme) => ({
      name: `§2 #5 wrong scheme "${scheme} G2" → 401∅`,
      section,
      request: get('/me', { authorization: `${scheme} ${g2}` }),
      expect: noCredentials(),
    })),
    { name: '§2 #5 bare token "G2" without scheme → 401∅', section, request: get('/me', { authorization: g2 }), expect: noCredentials() },
    { name: '§2 #5 "Basic" credentials (raw) → 401∅', section, request: raw('/admin', ['Authorization: Basic YWRtaW46YWRtaW4=']), expect: noCredentials() },
    // Row 6: junk around the token.
    ...([
      ['Bearer "G2"', `Bearer ${tok('g2', 'quoted')}`],
      ['Bearer G2,', `Bearer ${g2},`],
      ['Bearer G2 G2', `Bearer ${g2} ${g2}`],
      ['Bearer Bearer G2', `Bearer Bearer ${g2}`],
      ['Bearer G2;x=1', `Bearer ${g2};x=1`],
      ['Bearer G2, Bearer G2 (two credentials folded into one header)', `Bearer ${g2}, Bearer ${g2}`],
      ['Bearer=G2', `Bearer=${g2}`],
    ] as const).map(([label, value]) => ({
      name: `§2 #6 junk around the token "${label}" → 401 malformed`,
      section,
      request: get('/me', { authorization: value }),
      expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION'),
    })),
    { name: '§2 #6 / §3 #23 padded token "Bearer G2==" → 401 EG_TOKEN_MALFORMED', section, request: get('/me', bearer('g2', 'padding')), expect: refused('EG_TOKEN_MALFORMED') },
    // Rows 9-11: the query string.
    { name: '§2 #9 token in the query string only (?access_token=G2) → 401∅', section, request: get(`/me?access_token=${g2}`), expect: noCredentials() },
    { name: '§2 #9 token in the query string only, raw socket → 401∅', section, request: raw(`/orders?access_token=${g2}`, []), expect: noCredentials() },
    { name: '§2 #10 header and ?access_token=G2 at once → 400 invalid_request', section, request: get(`/me?access_token=${g2}`, bearer('g2')), expect: duplicate() },
    {
      name: '§2 #10 header and a form body access_token=G2 at once (POST) → 400 invalid_request',
      section,
      request: post('/orders', { 'content-type': 'application/x-www-form-urlencoded', ...bearer('g2Write') }, `access_token=${g2}`),
      expect: duplicate(),
    },
    { name: '§2 #10 header and ?access_token[]=G2 (qs array form) at once → 400', section, request: get(`/me?access_token[]=${g2}`, bearer('g2')), expect: duplicate() },
    { name: '§2 #10 header and an empty ?access_token= at once → 400', section, request: get('/orders?access_token=', bearer('g2')), expect: duplicate() },
    {
      name: '§2 #10 header and a JSON body {"access_token":…} at once (POST) → 400 invalid_request',
      section,
      request: post('/orders', { ...JSON_TYPE, ...bearer('g2Write') }, JSON.stringify({ ...ORDER, access_token: tok('g2Write') })),
      expect: duplicate(),
    },
    { name: '§2 #11 ?access_token=a&access_token=b without header → 401∅ or 400, no crash', section, request: get('/me?access_token=a&access_token=b'), expect: { status: [400, 401] } },
    { name: '§2 #11 ?access_token[]=G2 without header → 401∅ or 400, no crash', section, request: get(`/me?access_token[]=${g2}`), expect: { status: [400, 401] } },
    { name: '§2 #11 ?access_token[x]=G2 without header → 401∅ or 400, no crash', section, request: get(`/me?access_token[x]=${g2}`), expect: { status: [400, 401] } },
    // Row 12: body and cookie carriers.
    {
      name: '§2 #12 form body access_token=G2 without header (POST) → 401∅',
      section,
      request: post('/orders', { 'content-type': 'application/x-www-form-urlencoded' }, `access_token=${tok('g2Write')}`),
      expect: noCredentials(),
    },
    {
      name: '§2 #12 JSON body {"access_token":G2} without header (POST) → 401∅',
      section,
      request: post('/orders', JSON_TYPE, JSON.stringify({ access_token: tok('g2Write'), ...ORDER })),
      expect: noCredentials(),
    },
    { name: '§2 #12 Cookie access_token=G2 → 401∅', section, request: get('/me', { cookie: `access_token=${g2}` }), expect: noCredentials() },
    { name: '§2 #12 Cookie access_token=G2 (raw) → 401∅', section, request: raw('/me', [`Cookie: session=1; access_token=${g2}`]), expect: noCredentials() },
    // Row 13: App Service headers are not trusted.
    {
      name: '§2 #13 X-MS-CLIENT-PRINCIPAL* / X-MS-TOKEN-AAD-ACCESS-TOKEN spoofing → 401∅',
      section,
      request: get('/admin', {
        'x-ms-client-principal': Buffer.from(JSON.stringify({ claims: [{ typ: 'roles', val: 'Orders.Admin' }] })).toString('base64'),
        'x-ms-client-principal-id': OID.user,
        'x-ms-client-principal-name': 'admin@contoso.example',
        'x-ms-client-principal-idp': 'aad',
        'x-ms-token-aad-access-token': g2,
      }),
      expect: noCredentials(),
    },
    { name: '§2 #13 X-MS-TOKEN-AAD-ACCESS-TOKEN alone (raw) → 401∅', section, request: raw('/me', [`X-MS-TOKEN-AAD-ACCESS-TOKEN: ${g2}`]), expect: noCredentials() },
    // Rows 14-15: size.
    {
      name: '§2 #14 20 KiB Authorization header (raw) → 431 from Node (or 401), never 200',
      section,
      request: raw('/me', [`Authorization: Bearer ${HUGE_20K}`]),
      expect: { status: [431, 401] },
      compare: 'status',
    },
    {
      name: '§2 #15 15 KiB garbage token just under the limit → 401 quickly',
      section,
      request: get('/me', { authorization: `Bearer ${GARBAGE_15K}` }),
      expect: { ...refused('EG_TOKEN_MALFORMED'), maxDurationMs: 1_000 },
    },
    // Row 16: Unicode lookalikes and non-ASCII bytes (raw: fetch cannot send them).
    ...([
      ['fullwidthDot', 'fullwidth full stop U+FF0E instead of "."'],
      ['onedotLeader', 'one dot leader U+2024 instead of "."'],
      ['zwsp', 'zero-width space U+200B inside the payload'],
      ['latin1Byte', 'Latin-1 byte 0xE9 inside the payload'],
    ] as const).map(([how, label]) => ({
      name: `§2 #16 ${label} (raw, UTF-8 bytes) → 401`,
      section,
      request: raw('/me', [`Authorization: Bearer ${tok('g2', how)}`]),
      expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION'),
    })),
    // DESIGN §1: duplicate Authorization headers (Node keeps only the first in req.headers).
    { name: '§2 #10 / DESIGN §1 two Authorization headers (raw) → 400 invalid_request', section, request: raw('/me', [`Authorization: Bearer ${g2}`, `Authorization: Bearer ${g2}`]), expect: duplicate() },
    {
      name: '§2 #10 / DESIGN §1 "Authorization" and "authorization" headers (raw) → 400',
      section,
      request: raw('/me', [`Authorization: Bearer ${tok('ga')}`, `authorization: Bearer ${g2}`]),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 a good Bearer header plus a Basic header (raw) → 400',
      section,
      request: raw('/me', [`Authorization: Bearer ${g2}`, 'Authorization: Basic dXNlcjpwYXNz']),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 an empty Authorization header then a good one (raw) → 400',
      section,
      request: raw('/me', ['Authorization: ', `Authorization: Bearer ${g2}`]),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 two Authorization headers on a POST (raw) → 400',
      section,
      request: raw('/orders', ['Content-Type: application/json', `Authorization: Bearer ${tok('g2Write')}`, `Authorization: Bearer ${tok('g2Write')}`], 'POST', ORDER_JSON),
      expect: duplicate(),
    },
  );
  return cases;
}

function authorisationCases(): ConformanceCase[] {
  const section = '§7 authorisation' as const;
  const insufficient = (scope?: string): CaseExpectation => forbidden('EG_INSUFFICIENT_PERMISSIONS', scope);
  const c = (name: string, request: CaseRequest, expect: CaseExpectation, appOptions?: ConformanceAppVariant): ConformanceCase =>
    appOptions === undefined ? { name, section, request, expect } : { name, section, request, expect, appOptions };
  return [
    // Row 89.
    ...(['scpReadWrite', 'scpReadAll', 'scpReadX', 'scpPrefixX', 'scpMy', 'scpLower', 'scpTab', 'scpComma'] as const).map((t) =>
      c(`§7 #89 scope substring / near miss (${t}) at /user → 403`, get('/user', bearer(t)), insufficient('Orders.Read')),
    ),
    c('§7 #89 scp "Orders.Read.All" at /orders (a scope is not an app permission) → 403', get('/orders', bearer('scpReadAll')), insufficient('Orders.Read Orders.Read.All')),
    // Row 91.
    ...(['scpArray', 'scpNull', 'scpEmpty', 'scpSpaces', 'scpObject', 'scpNumber', 'scpTrue'] as const).map((t) =>
      c(`§7 #91 scp type confusion (${t}, re-signed) at /user → 401 EG_TOKEN_SHAPE_INVALID`, get('/user', bearer(t)), refused('EG_TOKEN_SHAPE_INVALID')),
    ),
    c('§7 #91 scp type confusion (scpArray) at /me → 401 EG_TOKEN_SHAPE_INVALID', get('/me', bearer('scpArray')), refused('EG_TOKEN_SHAPE_INVALID')),
    c('§7 #91 roles as a string (re-signed) at /app → 401 EG_TOKEN_SHAPE_INVALID', get('/app', bearer('rolesString')), refused('EG_TOKEN_SHAPE_INVALID')),
    // Row 92.
    c('§7 #92 "scope" claim (RFC 9068 name) without scp at /user → 403 EG_NO_PERMISSIONS', get('/user', bearer('scopeClaim')), forbidden('EG_NO_PERMISSIONS')),
    c('§7 #92 "permissions" claim without scp at /orders → 403 EG_NO_PERMISSIONS', get('/orders', bearer('permissionsClaim')), forbidden('EG_NO_PERMISSIONS')),
    c('§7 #92 "role" (singular) Orders.Admin at /admin → 403', get('/admin', bearer('roleSingular')), insufficient('Orders.Admin')),
    // Row 93.
    c('§7 #93 app-only token GA at user route /user → 403', get('/user', bearer('ga')), insufficient('Orders.Read')),
    c('§7 #93 app token with role Orders.Admin at user-role route /admin → 403', get('/admin', bearer('appAdmin')), insufficient('Orders.Admin')),
    c('§7 #93 GA at /admin → 403', get('/admin', bearer('ga')), insufficient('Orders.Admin')),
    // Row 94.
    c('§7 #94 user token with roles [Orders.Read.All] at app-only route /app → 403', get('/app', bearer('userAppRole')), insufficient('Orders.Read.All')),
    c('§7 #94 user token with roles [Orders.Read.All] but no matching scp at /orders → 403', get('/orders', bearer('userAppRoleOnly')), insufficient('Orders.Read Orders.Read.All')),
    c(
      '§7 #94 user token with roles [Orders.ReadWrite.All] at POST /orders → 403',
      post('/orders', { ...JSON_TYPE, ...bearer('userAppRoleOnly') }, ORDER_JSON),
      insufficient('Orders.Write Orders.ReadWrite.All'),
    ),
    c('§7 #94 G2 at /app → 403', get('/app', bearer('g2')), insufficient('Orders.Read.All')),
    c('§7 #94 Orders.Admin user at /app → 403', get('/app', bearer('admin')), insufficient('Orders.Read.All')),
    // Row 95.
    c('§7 #95 idtyp "app" together with scp → 401 EG_TOKEN_SHAPE_INVALID', get('/me', bearer('idtypAppWithScp')), refused('EG_TOKEN_SHAPE_INVALID')),
    c('§7 #95 idtyp "user" without scp at /app → 401 EG_TOKEN_SHAPE_INVALID', get('/app', bearer('idtypUserNoScp')), refused('EG_TOKEN_SHAPE_INVALID')),
    c('§7 #95 idtyp "device" → 401 EG_TOKEN_SHAPE_INVALID', get('/me', bearer('idtypDevice')), refused('EG_TOKEN_SHAPE_INVALID')),
    // Row 96.
    c('§7 #96 app token without idtyp (oid == sub) at /app → 200 P(app)', get('/app', bearer('appNoIdtyp')), app()),
    c('§7 #96 app token without idtyp at /user → 403', get('/user', bearer('appNoIdtyp')), insufficient('Orders.Read')),
    c('§7 #96 no scp, oid != sub, no idtyp, roles [Orders.Read.All] at /user → 403', get('/user', bearer('noScpUserIds')), insufficient('Orders.Read')),
    c(
      '§7 #96 no scp, oid != sub, no idtyp, roles [Orders.Read.All] at /app → 200 P(app) (pinned: kind follows scp, DESIGN §4)',
      get('/app', bearer('noScpUserIds')),
      app(OID.user),
    ),
    // Row 97 (and 73): tenant isolation.
    c('§7 #97 G2 of T asking /tenants/X/orders → 403 EG_TENANT_MISMATCH', get(`/tenants/${X}/orders`, bearer('g2')), forbidden('EG_TENANT_MISMATCH')),
    c('§7 #97 Orders.Admin of T asking /tenants/X/orders → 403 (roles do not cross tenants)', get(`/tenants/${X}/orders`, bearer('admin')), forbidden('EG_TENANT_MISMATCH')),
    c('§7 #97 / §6 #73 Orders.Admin of X asking /tenants/X/orders → 401 EG_TENANT_NOT_ALLOWED', get(`/tenants/${X}/orders`, bearer('foreignAdmin')), refused('EG_TENANT_NOT_ALLOWED')),
    c('§7 #97 GA of T asking /tenants/X/orders → 403', get(`/tenants/${X}/orders`, bearer('ga')), forbidden('EG_TENANT_MISMATCH')),
    c('§7 #97 multi-tenant: Orders.Admin of T2 asking /tenants/T/orders → 403 EG_TENANT_MISMATCH', get(`/tenants/${T}/orders`, bearer('t2Admin')), forbidden('EG_TENANT_MISMATCH'), VARIANTS.multiTenant),
    c('§7 #97 multi-tenant: Orders.Admin of T2 asking /tenants/T2/orders → 200 P(T2)', get(`/tenants/${T2}/orders`, bearer('t2Admin')), user(OID.user, T2), VARIANTS.multiTenant),
    c('§7 #97 multi-tenant: token of X → 401 EG_TENANT_NOT_ALLOWED', get(`/tenants/${X}/orders`, bearer('foreignAdmin')), refused('EG_TENANT_NOT_ALLOWED'), VARIANTS.multiTenant),
    c('§7 #97 multi-tenant: G2 of T at /tenants/T/orders → 200', get(`/tenants/${T}/orders`, bearer('g2')), user(), VARIANTS.multiTenant),
    // Row 99.
    ...(['/me', '/orders', '/user', '/app', '/admin', '/export', '/groups', `/tenants/${T}/orders`] as const).map((path) =>
      c(`§7 #99 app token of a client with no roles at ${path} → 403 EG_NO_PERMISSIONS`, get(path, bearer('rogueApp')), forbidden('EG_NO_PERMISSIONS')),
    ),
    c('§7 #99 v1 app token of a client with no roles at /me → 403 EG_NO_PERMISSIONS', get('/me', bearer('rogueAppV1')), forbidden('EG_NO_PERMISSIONS')),
    c('§7 #99 POST /orders by a client with no roles → 403 EG_NO_PERMISSIONS', post('/orders', { ...JSON_TYPE, ...bearer('rogueApp') }, ORDER_JSON), forbidden('EG_NO_PERMISSIONS')),
    c('§7 #99 allowTokensWithoutPermissions: client with no roles at /me → 200 P(app)', get('/me', bearer('rogueApp')), app(), VARIANTS.allowNoPermissions),
    c('§7 #99 allowTokensWithoutPermissions: client with no roles at /app → 403 (policies still apply)', get('/app', bearer('rogueApp')), insufficient('Orders.Read.All'), VARIANTS.allowNoPermissions),
    c('§7 #99 allowTokensWithoutPermissions: G2 at /me → 200', get('/me', bearer('g2')), user(), VARIANTS.allowNoPermissions),
    // Row 102.
    c('§7 #102 nOAuth: attacker whose email/upn are the victim\'s gets their own (tid, oid) from /me', get('/me', bearer('nOAuth')), user(OID.attacker)),
    c('§7 #102 nOAuth: the same from tenant X → 401 EG_TENANT_NOT_ALLOWED', get('/me', bearer('nOAuthForeign')), refused('EG_TENANT_NOT_ALLOWED')),
    // Row 103.
    c('§7 #103 sub collision: user of T with the shared sub → P(T, its oid)', get('/me', bearer('subInT')), user(OID.subInT), VARIANTS.multiTenant),
    c('§7 #103 sub collision: user of T2 with the same sub → P(T2, its own oid)', get('/me', bearer('subInT2')), user(OID.subInT2, T2), VARIANTS.multiTenant),
    c('§7 #103 sub collision: the T2 user at the single-tenant app → 401 EG_TENANT_NOT_ALLOWED', get('/me', bearer('subInT2')), refused('EG_TENANT_NOT_ALLOWED')),
    // Row 104.
    c(
      '§7 #104 groups overage (hasgroups + _claim_names/_claim_sources) at /groups → 403 EG_GROUPS_OVERAGE, overage URL never fetched',
      get('/groups', bearer('groupsOverage')),
      { ...forbidden('EG_GROUPS_OVERAGE'), noOutboundRequests: true },
    ),
    c(
      '§7 #104 _claim_names.groups without hasgroups at /groups → 403 EG_GROUPS_OVERAGE, no fetch',
      get('/groups', bearer('groupsOverageNames')),
      { ...forbidden('EG_GROUPS_OVERAGE'), noOutboundRequests: true },
    ),
    c('§7 #104 hasgroups: true at /groups → 403 EG_GROUPS_OVERAGE', get('/groups', bearer('hasGroups')), forbidden('EG_GROUPS_OVERAGE')),
    c('§7 #104 groups overage token at /me → 200 (authentication is unaffected), no fetch', get('/me', bearer('groupsOverage')), { ...user(), noOutboundRequests: true }),
    c('§7 #104 groups without the required group → 403', get('/groups', bearer('groupsOther')), insufficient()),
    c('§7 #104 no groups claim at /groups → 403', get('/groups', bearer('g2')), insufficient()),
    // Rows 88 and 106.
    c('§6 #88 guest of T (acct 1, idp X) at /me, guests allowed → 200', get('/me', bearer('guest')), user(OID.guest)),
    c('§6 #88 guest of T at /tenants/T/orders → 200 (tenant policy keys off tid, not idp)', get(`/tenants/${T}/orders`, bearer('guest')), user(OID.guest)),
    c('§6 #88 guests: deny — guest (acct 1) → 403 EG_GUEST_REFUSED', get('/me', bearer('guest')), forbidden('EG_GUEST_REFUSED'), VARIANTS.guestsDeny),
    c('§6 #88 guests: deny — guest by idp of another tenant (acct 0) → 403', get('/me', bearer('guestByIdp')), forbidden('EG_GUEST_REFUSED'), VARIANTS.guestsDeny),
    c('§7 #106 guests: deny — token without acct fails closed → 403 EG_GUEST_REFUSED', get('/me', bearer('g2')), forbidden('EG_GUEST_REFUSED'), VARIANTS.guestsDeny),
    c('§7 #106 guests: deny — member (acct 0) → 200', get('/me', bearer('member')), user(OID.member), VARIANTS.guestsDeny),
    c('§7 #106 guests: deny — member with idp of the home tenant → 200', get('/orders', bearer('memberHomeIdp')), user(OID.member), VARIANTS.guestsDeny),
    c('§7 #106 guests: deny — app token (never a guest) at /app → 200', get('/app', bearer('ga')), app(), VARIANTS.guestsDeny),
    // Row 107.
    c('§7 #107 step-up: no acrs, cp1 client → 401 insufficient_claims (Microsoft format)', get('/export', bearer('noAcrsCp1')), claimsChallenge(STEP_UP_C1)),
    c('§7 #107 step-up: acrs "c1" as a string, cp1 client → still challenged (401c)', get('/export', bearer('acrsStringCp1')), claimsChallenge(STEP_UP_C1)),
    c('§7 #107 step-up: acrs [c2], cp1 client → 401c for c1', get('/export', bearer('acrsC2Cp1')), claimsChallenge(STEP_UP_C1)),
    c('§7 #107 step-up: xms_cc [CP1] upper-case, no acrs → 401c', get('/export', bearer('cp1Upper')), claimsChallenge(STEP_UP_C1)),
    c('§7 #107 step-up: no acrs, client without cp1 → 403 EG_STEP_UP_REQUIRED', get('/export', bearer('g2')), forbidden('EG_STEP_UP_REQUIRED')),
    c('§7 #107 step-up: acrs "c1" as a string, no cp1 → 403 EG_STEP_UP_REQUIRED', get('/export', bearer('acrsStringNoCp1')), forbidden('EG_STEP_UP_REQUIRED')),
    c('§7 #107 step-up: acrs [c2], no cp1 → 403 EG_STEP_UP_REQUIRED', get('/export', bearer('acrsC2')), forbidden('EG_STEP_UP_REQUIRED')),
    c('§7 #107 step-up: xms_cc "cp1" as a string (not a list) → 403 EG_STEP_UP_REQUIRED', get('/export', bearer('cp1AsString')), forbidden('EG_STEP_UP_REQUIRED')),
    c('§7 #107 step-up: app token without acrs → 403 EG_STEP_UP_REQUIRED', get('/export', bearer('ga')), forbidden('EG_STEP_UP_REQUIRED')),
  ];
}

function revocationCases(): ConformanceCase[] {
  const section = '§8 revocation, CAE, caching' as const;
  return [
    { name: '§8 #108 user revoked at t0, token issued before t0 → 401 EG_TOKEN_REVOKED', section, request: get('/me', bearer('revoked108')), before: [{ revokeUser: OID.revoked108 }], expect: refused('EG_TOKEN_REVOKED') },
    { name: '§8 #108 the revoked user at another route → 401 EG_TOKEN_REVOKED', section, request: get('/orders', bearer('revoked108')), expect: refused('EG_TOKEN_REVOKED') },
    { name: '§8 #108 the revoked user at /public (optional auth) → 401', section, request: get('/public', bearer('revoked108')), expect: refused('EG_TOKEN_REVOKED') },
    { name: '§8 #108 a newer token of the revoked user (iat ≥ t0) → 200', section, request: get('/me', bearer('revoked108Newer')), expect: user(OID.revoked108) },
    {
      name: '§8 #109 revoked user, CAE-capable client (cp1) → 401 insufficient_claims with claims nbf = t0',
      section,
      request: get('/me', bearer('revoked109Cp1')),
      before: [{ revokeUser: OID.revoked109 }],
      expect: claimsChallenge(REVOKED_AT),
    },
    { name: '§8 cache: token validated and cached → 200', section, request: get('/me', bearer('revokedCached')), expect: user(OID.revokedCached) },
    {
      name: '§8 cache: the same (cached) token after its user is revoked → 401 (hits honour revocation)',
      section,
      request: get('/me', bearer('revokedCached')),
      before: [{ revokeUser: OID.revokedCached }],
      expect: refused('EG_TOKEN_REVOKED'),
    },
    { name: '§8 uti denylist: token accepted and cached → 200', section, request: get('/me', bearer('revokedByUti')), expect: user() },
    { name: '§8 uti denylist: the same token after revokeToken(uti) → 401', section, request: get('/me', bearer('revokedByUti')), before: [{ revokeToken: REVOKED_UTI }], expect: refused('EG_TOKEN_REVOKED') },
    { name: '§8 uti denylist: another token of the same user still → 200', section, request: get('/me', bearer('g2')), expect: user() },
    { name: '§8 kill switch: app of a client → 200', section, request: get('/app', bearer('killedClient')), expect: app() },
    { name: '§8 kill switch: the client disabled → 401 EG_TOKEN_REVOKED', section, request: get('/app', bearer('killedClient')), before: [{ disableClient: KILLED_CLIENT }], expect: refused('EG_TOKEN_REVOKED') },
    { name: '§8 #110 CAE long-lived token (24 h, cp1) → 200', section, request: get('/me', bearer('cae24hCp1')), expect: user() },
    { name: '§8 #110 24 h token without cp1 → 200 (pinned: maxTokenLifetimeSeconds 28 h)', section, request: get('/me', bearer('cae24h')), expect: user() },
    { name: '§8 #110 / §5 #61 30-day token → 401 EG_TOKEN_LIFETIME_INVALID', section, request: get('/me', bearer('lifetime30d')), expect: refused('EG_TOKEN_LIFETIME_INVALID') },
    { name: '§5 #66 short-lived token validated and cached → 200', section, request: get('/me', bearer('shortLived')), expect: user() },
    {
      name: '§5 #66 the cached token 1 s before exp + skew → 200',
      section,
      request: get('/me', bearer('shortLived')),
      before: [{ advanceClockSeconds: 400 + 300 - 1 }],
      expect: user(),
    },
    {
      name: '§5 #66 the cached token at exp + skew → 401 EG_TOKEN_EXPIRED (cache never outlives exp)',
      section,
      request: get('/me', bearer('shortLived')),
      before: [{ advanceClockSeconds: 400 + 300 }],
      expect: refused('EG_TOKEN_EXPIRED'),
    },
    {
      name: '§8 revocation store down → 503 EG_REVOCATION_UNAVAILABLE with Retry-After, no challenge (fail closed)',
      section,
      request: get('/me', bearer('g2')),
      appOptions: VARIANTS.revocationDown,
      expect: { status: 503, code: 'EG_REVOCATION_UNAVAILABLE', wwwAuthenticate: 'absent', headers: { 'retry-after': '5' }, bodyIncludes: description('EG_REVOCATION_UNAVAILABLE') },
    },
    {
      name: '§8 revocation store down, optional route /public with a token → 503 (never anonymous)',
      section,
      request: get('/public', bearer('g2')),
      appOptions: VARIANTS.revocationDown,
      expect: { status: 503, code: 'EG_REVOCATION_UNAVAILABLE', wwwAuthenticate: 'absent' },
    },
    { name: '§8 revocation store down, anonymous /public → 200 (nothing to check)', section, request: get('/public'), appOptions: VARIANTS.revocationDown, expect: ok({ ok: true, kind: null }) },
    { name: '§8 revocation store down, forged token → 401 (signature first)', section, request: get('/me', bearer('forged')), appOptions: VARIANTS.revocationDown, expect: refused('EG_SIGNATURE_INVALID') },
    { name: '§8 #112 G2 accepted (and cached) by API C → 200', section, request: get('/me', bearer('g2')), expect: user() },
    { name: '§8 #112 the same G2 at API C2 (its own guard and cache) → 401 EG_AUDIENCE_INVALID', section, request: get('/me', bearer('g2')), expect: refused('EG_AUDIENCE_INVALID'), appOptions: VARIANTS.otherApi },
    { name: '§8 #112 a token for C2 at API C2 → 200', section, request: get('/me', bearer('otherApi')), expect: user(), appOptions: VARIANTS.otherApi },
    { name: '§8 #112 the C2 token (cached by C2) at API C → 401 EG_AUDIENCE_INVALID', section, request: get('/me', bearer('otherApi')), expect: refused('EG_AUDIENCE_INVALID') },
    { name: '§8 #112 G2 again at API C2 (after C cached it) → 401', section, request: get('/orders', bearer('g2')), expect: refused('EG_AUDIENCE_INVALID'), appOptions: VARIANTS.otherApi },
  ];
}

function metadataCases(): ConformanceCase[] {
  const section = 'metadata' as const;
  const pr = VARIANTS.protectedResource;
  return [
    {
      name: 'RFC 9728: GET /.well-known/oauth-protected-resource → 200 the document',
      section,
      request: get('/.well-known/oauth-protected-resource'),
      appOptions: pr,
      expect: ok({
        resource: PROTECTED_RESOURCE,
        authorization_servers: [`${ENTRA_ORIGIN}/${T}/v2.0`],
        bearer_methods_supported: ['header'],
        resource_signing_alg_values_supported: ['RS256'],
      }),
    },
    { name: 'RFC 9728: no credentials → 401∅ with resource_metadata', section, request: get('/me'), appOptions: pr, expect: noCredentials(true) },
    { name: 'RFC 9728: forged token → 401 invalid_token with resource_metadata', section, request: get('/orders', bearer('forged')), appOptions: pr, expect: refused('EG_SIGNATURE_INVALID', true) },
    { name: 'RFC 9728: step-up for cp1 → 401c with resource_metadata', section, request: get('/export', bearer('noAcrsCp1')), appOptions: pr, expect: claimsChallenge(STEP_UP_C1, true) },
    { name: 'RFC 9728: 403 challenges carry no resource_metadata', section, request: get('/user', bearer('ga')), appOptions: pr, expect: forbidden('EG_INSUFFICIENT_PERMISSIONS', 'Orders.Read') },
    { name: 'RFC 9728: G2 at /me → 200', section, request: get('/me', bearer('g2')), appOptions: pr, expect: user() },
    { name: 'RFC 9728: duplicate Authorization (400) carries no resource_metadata', section, request: raw('/me', [`Authorization: Bearer ${tok('g2')}`, `Authorization: Bearer ${tok('g2')}`]), appOptions: pr, expect: duplicate() },
    {
      name: 'RFC 9728: without protectedResource the document is not served → 404',
      section,
      request: get('/.well-known/oauth-protected-resource'),
      expect: { status: 404 },
      compare: 'status',
    },
    { name: 'unknown route with G2 → 404', section, request: get('/no-such-route', bearer('g2')), expect: { status: 404 }, compare: 'status' },
    { name: 'unknown route without credentials → 404 (contract: unknown routes answer 404)', section, request: get('/no-such-route'), expect: { status: 404 }, compare: 'status' },
    { name: 'unknown route with a forged token → 404 (contract: unknown routes answer 404)', section, request: get('/no-such-route', bearer('forged')), expect: { status: 404 }, compare: 'status' },
    // Route spellings the framework may or may not match: never a way around the policy.
    ...(['/admin/', '/ADMIN', '/Admin', '/admin;x', '/./admin', '/admin?'] as const).map((path) => ({
      name: `route variant ${path} with G2 (no Orders.Admin) → 403 or 404, never 200`,
      section,
      request: get(path, bearer('g2')),
      expect: { status: [403, 404] },
      compare: 'none' as const,
    })),
    {
      name: `route variant /tenants/${'{X}'}/orders/ (trailing slash) with G2 of T → 403 or 404, never 200`,
      section,
      request: get(`/tenants/${X}/orders/`, bearer('g2')),
      expect: { status: [403, 404] },
      compare: 'none',
    },
    {
      name: '§9 #128 malformed JSON body with a good token (POST /orders) → 400, no stack trace or parser message',
      section,
      request: post('/orders', { ...JSON_TYPE, ...bearer('g2Write') }, '{"item": "widget", '),
      expect: { status: 400 },
      compare: 'none',
    },
    {
      name: '§9 #128 malformed JSON body without a token (POST /orders) → 401∅ or 400, no stack trace',
      section,
      request: post('/orders', JSON_TYPE, '{"item": '),
      expect: { status: [400, 401] },
      compare: 'none',
    },
  ];
}

/** Every case, in the order they run (order matters: some cases build on earlier ones' state). */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = Object.freeze([
  ...positiveCases(),
  ...carriageCases(),
  ...badTokenCases(),
  ...authorisationCases(),
  ...revocationCases(),
  ...metadataCases(),
]);

/** Number of cases per section (for reports). */
export function countCasesBySection(cases: readonly ConformanceCase[] = CONFORMANCE_CASES): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of cases) counts[c.section] = (counts[c.section] ?? 0) + 1;
  return counts;
}

/** The configured identifiers that must never appear in an error response. */
export const CONFIGURED_IDS: readonly string[] = [T, T2, X, C, C2];
