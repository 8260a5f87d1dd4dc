// Positive controls (every route with a good token, optional auth) and the plain bad tokens at every route.
import type { ErrorCode } from '@entra-guard/core';
import { app, bearer, duplicate, forbidden, get, JSON_TYPE, ok, ORDER, ORDER_JSON, post, principal, PROTECTED_ROUTES, raw, refused, routeRequest, user } from './case-builders.js';
import { tok } from './case-placeholders.js';
import type { ConformanceCase } from './case-types.js';
import { OID, T, type TokenName } from './fixture-tokens.js';

export function positiveCases(): ConformanceCase[] {
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

export function badTokenCases(): ConformanceCase[] {
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
