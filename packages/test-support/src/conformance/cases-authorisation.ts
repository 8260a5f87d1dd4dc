// Catalogue §7 (and §6 guests): scopes, roles, token shapes, tenant isolation, groups, guests and step-up.
import { app, bearer, claimsChallenge, forbidden, get, JSON_TYPE, ORDER_JSON, post, refused, STEP_UP_C1, user } from './case-builders.js';
import type { CaseExpectation, CaseRequest, ConformanceCase } from './case-types.js';
import { OID, T, T2, VARIANTS, X, type ConformanceAppVariant } from './fixture-tokens.js';

export function authorisationCases(): ConformanceCase[] {
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
