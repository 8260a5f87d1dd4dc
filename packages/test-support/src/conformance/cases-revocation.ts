// Catalogue §8 (revocation, CAE, caching) and the metadata rows (RFC 9728, unknown routes, route variants, bad bodies).
import { app, bearer, claimsChallenge, description, duplicate, forbidden, get, JSON_TYPE, noCredentials, ok, post, raw, refused, REVOKED_AT, STEP_UP_C1, user } from './case-builders.js';
import { tok } from './case-placeholders.js';
import type { ConformanceCase } from './case-types.js';
import { ENTRA_ORIGIN, KILLED_CLIENT, OID, PROTECTED_RESOURCE, REVOKED_UTI, T, VARIANTS, X } from './fixture-tokens.js';

export function revocationCases(): ConformanceCase[] {
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

export function metadataCases(): ConformanceCase[] {
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
