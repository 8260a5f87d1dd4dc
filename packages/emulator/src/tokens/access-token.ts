import type { EmulatorContext } from '../context.js';
import type { UserConfig } from '../tenants/config-types.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { aio, pairwiseSub, rh, uti } from './ids.js';
import { orderClaims, type JsonObject } from './jwt.js';
import type { RequestClaims } from './request-claims.js';
import { groupClaims, guestClaims, optionalUserClaims, widsClaim } from './user-claims.js';

/** How the client authenticated: `azpacr`/`appidacr` 0 public, 1 secret, 2 certificate or assertion. */
export type ClientAuth = '0' | '1' | '2';

/** `iat`, `nbf`, `exp` in seconds. */
export interface TokenTimes {
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

/** Entra backdates `iat` and `nbf` by five minutes (`exp − iat` is 3900 for one-hour tokens). */
export function tokenTimes(nowSeconds: number, lifetimeSeconds: number): TokenTimes {
  return { iat: nowSeconds - 300, nbf: nowSeconds - 300, exp: nowSeconds + lifetimeSeconds };
}

/** Delegated tokens live 60–90 minutes (random, as Entra spreads them); app-only and ID tokens an hour. */
export function delegatedLifetime(): number {
  return 3600 + Math.floor(Math.random() * 1801);
}

/** The access-token version of a resource: its `accessTokenAcceptedVersion` (`null` means v1). */
export function accessTokenVersion(resource: ServicePrincipal): 1 | 2 {
  return resource.app.accessTokenAcceptedVersion === 2 ? 2 : 1;
}

/** Inputs of a delegated (user) access token. */
export interface DelegatedTokenInput {
  readonly tenant: Tenant;
  readonly user: UserConfig;
  readonly client: ServicePrincipal;
  readonly clientAuth: ClientAuth;
  readonly resource: ServicePrincipal;
  /** The resource as the client named it; v1 `aud` repeats it. */
  readonly resourceAsWritten: string;
  readonly scopes: readonly string[];
  readonly requestClaims: RequestClaims;
  readonly sessionId: string | undefined;
  readonly times: TokenTimes;
  readonly version: 1 | 2;
  /** Overrides the computed user roles. */
  readonly roles?: readonly string[];
}

function issuerFor(ctx: EmulatorContext, tenantId: string, version: 1 | 2): string {
  return version === 2 ? ctx.urls.v2Issuer(tenantId) : ctx.urls.v1Issuer(tenantId);
}

function capabilityClaims(requestClaims: RequestClaims): JsonObject {
  return {
    xms_cc: requestClaims.clientCapabilities.length > 0 ? requestClaims.clientCapabilities.map((c) => c.toUpperCase()) : undefined,
    acrs: requestClaims.authContexts.length > 0 ? [...requestClaims.authContexts] : undefined,
  };
}

/** Claims of a delegated access token, v1 or v2 shape (emulator spec §3.3, §3.5). */
export function delegatedAccessClaims(ctx: EmulatorContext, input: DelegatedTokenInput): JsonObject {
  const { tenant, user, client, resource, version } = input;
  const optional = resource.app.optionalClaims?.accessToken ?? [];
  const roles = input.roles ?? ctx.directory.userRoles(tenant, user, resource.app);
  const common: JsonObject = {
    aud: version === 2 ? resource.app.appId : input.resourceAsWritten,
    iss: issuerFor(ctx, tenant.id, version),
    ...input.times,
    aio: aio(),
    name: user.name,
    oid: user.oid,
    rh: rh(tenant.id, client.app.appId),
    roles: roles.length > 0 ? [...roles] : undefined,
    scp: input.scopes.join(' '),
    sub: pairwiseSub(tenant.id, user.oid, resource.app.appId),
    tid: tenant.id,
    uti: uti(),
    ...groupClaims(ctx.directory, tenant.id, user, resource.app, version),
    ...widsClaim(user, resource.app),
    ...guestClaims(user, ctx.urls.v1IssuerOrigin, optional),
    ...optionalUserClaims(user, tenant, optional, version, input.sessionId),
    ...capabilityClaims(input.requestClaims),
  };
  if (version === 2) {
    return orderClaims({ ...common, azp: client.app.appId, azpacr: input.clientAuth, preferred_username: user.signInName ?? user.upn, ver: '2.0' });
  }
  return orderClaims({
    ...common,
    acr: '1',
    amr: [...(user.amr ?? ['pwd'])],
    appid: client.app.appId,
    appidacr: input.clientAuth,
    family_name: user.familyName,
    given_name: user.givenName,
    ipaddr: '127.0.0.1',
    unique_name: user.signInName ?? user.upn,
    upn: user.homeTenantId === undefined ? user.upn : undefined,
    ver: '1.0',
  });
}

/** Inputs of an app-only access token (client credentials). */
export interface AppTokenInput {
  readonly tenant: Tenant;
  readonly client: ServicePrincipal;
  readonly clientAuth: ClientAuth;
  readonly resource: ServicePrincipal;
  readonly resourceAsWritten: string;
  readonly roles: readonly string[];
  readonly times: TokenTimes;
  readonly version: 1 | 2;
  readonly requestClaims: RequestClaims;
}

/** Claims of an app-only token: `roles`, no `scp`; `idtyp: "app"` when the resource configured it (spec §3.4). */
export function appAccessClaims(ctx: EmulatorContext, input: AppTokenInput): JsonObject {
  const { tenant, client, resource, version } = input;
  const optional = resource.app.optionalClaims?.accessToken ?? [];
  const iss = issuerFor(ctx, tenant.id, version);
  const common: JsonObject = {
    aud: version === 2 ? resource.app.appId : input.resourceAsWritten,
    iss,
    ...input.times,
    aio: aio(),
    idtyp: optional.includes('idtyp') ? 'app' : undefined,
    oid: client.objectId,
    rh: rh(tenant.id, client.app.appId),
    roles: input.roles.length > 0 ? [...input.roles] : undefined,
    sub: client.objectId,
    tid: tenant.id,
    uti: uti(),
    ...capabilityClaims(input.requestClaims),
  };
  if (version === 2) return orderClaims({ ...common, azp: client.app.appId, azpacr: input.clientAuth, ver: '2.0' });
  return orderClaims({ ...common, appid: client.app.appId, appidacr: input.clientAuth, idp: iss, ver: '1.0' });
}
