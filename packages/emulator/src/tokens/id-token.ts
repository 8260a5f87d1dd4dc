import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import type { UserConfig } from '../tenants/config-types.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import type { TokenTimes } from './access-token.js';
import { aio, pairwiseSub, rh, uti } from './ids.js';
import { orderClaims, type JsonObject } from './jwt.js';
import type { RequestClaims } from './request-claims.js';
import { guestClaims, homeAccount, optionalUserClaims } from './user-claims.js';

/** Inputs of a v2 ID token. */
export interface IdTokenInput {
  readonly tenant: Tenant;
  readonly user: UserConfig;
  readonly client: ServicePrincipal;
  readonly oidcScopes: readonly string[];
  readonly nonce: string | undefined;
  readonly sessionId: string | undefined;
  readonly authTime: number;
  readonly requestClaims: RequestClaims;
  readonly times: TokenTimes;
  /** Hybrid-flow hashes (`c_hash`, `at_hash`), only on tokens from the authorize endpoint. */
  readonly hashes?: { readonly code?: string; readonly accessToken?: string };
}

/** OIDC `c_hash`/`at_hash`: left half of SHA-256 of the ASCII value, base64url. */
export function halfHash(value: string): string {
  const digest = createHash('sha256').update(value).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * `login_hint` claim: opaque to clients, fed back as `logout_hint`/`login_hint`. The emulator
 * makes it decodable so it can find the account again.
 */
export function loginHintClaim(tenantId: string, oid: string): string {
  return Buffer.from(JSON.stringify({ tid: tenantId, oid })).toString('base64url');
}

/** Claims of a v2 ID token (emulator spec §3.6): `aud` is the client, `sub` pairwise for it. */
export function idTokenClaims(ctx: EmulatorContext, input: IdTokenInput): JsonObject {
  const { tenant, user, client } = input;
  const requested = new Set([...(client.app.optionalClaims?.idToken ?? []), ...input.requestClaims.idTokenClaims]);
  const profile = input.oidcScopes.includes('profile');
  const home = homeAccount(ctx.directory, tenant, user);
  // Optional claims first, so the claims set explicitly below win on a name clash.
  return orderClaims({
    ...optionalUserClaims(user, tenant, [...requested].filter((c) => c !== 'sid' && c !== 'email'), 2, undefined),
    ...guestClaims(user, ctx.urls.v1IssuerOrigin, [...requested]),
    aud: client.app.appId,
    iss: ctx.urls.v2Issuer(tenant.id),
    ...input.times,
    aio: aio(),
    auth_time: requested.has('auth_time') ? input.authTime : undefined,
    c_hash: input.hashes?.code === undefined ? undefined : halfHash(input.hashes.code),
    at_hash: input.hashes?.accessToken === undefined ? undefined : halfHash(input.hashes.accessToken),
    email: input.oidcScopes.includes('email') || requested.has('email') ? user.email : undefined,
    login_hint: requested.has('login_hint') ? loginHintClaim(home.tid, home.oid) : undefined,
    name: profile ? user.name : undefined,
    nonce: input.nonce,
    oid: user.oid,
    preferred_username: profile ? (user.signInName ?? user.upn) : undefined,
    rh: rh(tenant.id, client.app.appId),
    sid: input.sessionId,
    sub: pairwiseSub(tenant.id, user.oid, client.app.appId),
    tenant_region_scope: requested.has('tenant_region_scope') ? tenant.regionScope : undefined,
    tenant_region_sub_scope: requested.has('tenant_region_sub_scope') ? tenant.regionSubScope : undefined,
    tid: tenant.id,
    uti: uti(),
    ver: '2.0',
  });
}
