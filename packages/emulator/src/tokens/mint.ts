import type { EmulatorContext } from '../context.js';
import type { SigningKey } from '../keys/key-ring.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { accessTokenVersion, appAccessClaims, delegatedAccessClaims, delegatedLifetime, tokenTimes, type ClientAuth } from './access-token.js';
import { idTokenClaims } from './id-token.js';
import { orderClaims, signJwt, type JsonObject } from './jwt.js';
import { NO_REQUEST_CLAIMS } from './request-claims.js';
import { tokenHeader } from './sign-token.js';

/** Which key (or non-key) signs a minted token. */
export type MintSignature = 'active' | 'next' | 'retired' | 'unpublished' | 'none' | 'hs256';

/**
 * Options of `emu.mint()` and `POST /_emulator/tokens`: any token, including deliberately bad
 * ones, for validators' tests. Defaults come from the directory, so `mint({})` is a valid
 * delegated token for the first API of the first tenant.
 */
export interface MintOptions {
  /** Tenant id or domain. Default: the first tenant. */
  readonly tenant?: string;
  /** `access` (delegated, default), `app` (app-only) or `id` (ID token). */
  readonly kind?: 'access' | 'app' | 'id';
  /** Token version. Default: the resource's `accessTokenAcceptedVersion` (ID tokens: 2). */
  readonly version?: 1 | 2;
  /** The resource, by application id or identifier URI (v1 `aud` repeats it as written). Default: the tenant's first app with identifier URIs. */
  readonly audience?: string;
  /** The client application id. Default: the first other app of the tenant granted something on the resource. */
  readonly client?: string;
  /** The user, by object id or sign-in name. Default: the tenant's first member. */
  readonly user?: string;
  /** `scp` values. Default: what the user consented for the client, else every scope of the resource. */
  readonly scopes?: readonly string[];
  /** `roles` values. Default: the user's (delegated) or the client's (app-only) assignments. */
  readonly roles?: readonly string[];
  /** Claims to add or replace; `null` removes a claim. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Header members to add or replace; `null` removes one. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Seconds from issue to `exp`. Default as Entra (delegated 60–90 min, others 60). */
  readonly lifetimeSeconds?: number;
  /** Issue time, seconds since the epoch; `iat`/`nbf` are five minutes earlier, as Entra does. Default: the emulator clock. */
  readonly issuedAt?: number;
  /** `nonce` of an ID token. */
  readonly nonce?: string;
  /** `azpacr`/`appidacr`. Default `1` (secret). */
  readonly clientAuth?: ClientAuth;
  /** Default `active`. `hs256` signs with the active key's public PEM as HMAC secret (algorithm confusion). */
  readonly signWith?: MintSignature;
}

/** A mint request that cannot be satisfied (unknown tenant, user, key...). */
export class MintError extends TypeError {}

function pickTenant(ctx: EmulatorContext, t: string | undefined): Tenant {
  const tenant = t === undefined ? ctx.directory.tenants[0] : ctx.directory.tenant(t);
  if (tenant === undefined) throw new MintError(`unknown tenant ${t ?? '(none configured)'}`);
  return tenant;
}

function pickResource(ctx: EmulatorContext, tenant: Tenant, audience: string | undefined): { readonly sp: ServicePrincipal; readonly asWritten: string } {
  if (audience !== undefined) {
    const sp = ctx.directory.resource(audience, tenant.id);
    if (sp === undefined) throw new MintError(`no resource ${audience} in tenant ${tenant.id}`);
    return { sp, asWritten: audience };
  }
  const first = allApps(ctx, tenant).find((sp) => (sp.app.identifierUris ?? []).length > 0);
  if (first === undefined) throw new MintError(`tenant ${tenant.id} has no application with identifier URIs; pass "audience"`);
  return { sp: first, asWritten: first.app.identifierUris?.[0] ?? first.app.appId };
}

/** Service principals of the tenant, in configuration order. */
function allApps(ctx: EmulatorContext, tenant: Tenant): ServicePrincipal[] {
  return ctx.directory.applicationIds().flatMap((id) => ctx.directory.servicePrincipal(id, tenant.id) ?? []);
}

function pickClient(ctx: EmulatorContext, tenant: Tenant, resource: ServicePrincipal, client: string | undefined, kind: 'access' | 'app' | 'id'): ServicePrincipal {
  if (client !== undefined) {
    const sp = ctx.directory.servicePrincipal(client, tenant.id) ?? ctx.directory.consentServicePrincipal(client, tenant.id);
    if (sp === undefined) throw new MintError(`no application ${client} in tenant ${tenant.id}`);
    return sp;
  }
  const others = allApps(ctx, tenant).filter((sp) => sp.app.appId !== resource.app.appId);
  const granted = others.find((sp) => (kind === 'app' ? sp.grants.appRoles : sp.grants.delegated)?.[resource.app.appId] !== undefined);
  return granted ?? others[0] ?? resource;
}

function pickKey(ctx: EmulatorContext, signWith: MintSignature): SigningKey {
  const state = signWith === 'next' || signWith === 'retired' || signWith === 'unpublished' ? signWith : 'active';
  const key = ctx.keys.byState(state);
  if (key === undefined) throw new MintError(`there is no ${state} key${state === 'retired' ? ' yet: rotate the keys first' : ''}`);
  return key;
}

function merge(base: JsonObject, changes: Readonly<Record<string, unknown>> | undefined): JsonObject {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes ?? {})) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Builds and signs a token as {@link MintOptions} describe. */
export function mintToken(ctx: EmulatorContext, options: MintOptions = {}): string {
  const kind = options.kind ?? 'access';
  const tenant = pickTenant(ctx, options.tenant);
  const resource = pickResource(ctx, tenant, options.audience);
  const client = pickClient(ctx, tenant, resource.sp, options.client, kind);
  const issuedAt = options.issuedAt ?? ctx.clock.nowSeconds();
  const lifetime = options.lifetimeSeconds ?? (kind === 'access' ? delegatedLifetime() : 3600);
  const times = tokenTimes(issuedAt, lifetime);
  const version = kind === 'id' ? 2 : (options.version ?? accessTokenVersion(resource.sp));
  const clientAuth = options.clientAuth ?? '1';
  let claims: JsonObject;
  if (kind === 'app') {
    const roles = options.roles ?? ctx.directory.appRoles(client, resource.sp.app);
    claims = appAccessClaims(ctx, { tenant, client, clientAuth, resource: resource.sp, resourceAsWritten: resource.asWritten, roles, times, version, requestClaims: NO_REQUEST_CLAIMS });
  } else {
    const user = options.user === undefined ? tenant.users.find((u) => u.homeTenantId === undefined) : ctx.directory.findSignIn(tenant.id, options.user)?.user;
    if (user === undefined) throw new MintError(`no user ${options.user ?? '(member)'} in tenant ${tenant.id}`);
    if (kind === 'id') {
      claims = idTokenClaims(ctx, { tenant, user, client, oidcScopes: ['openid', 'profile', 'email'], nonce: options.nonce, sessionId: undefined, authTime: issuedAt, requestClaims: NO_REQUEST_CLAIMS, times });
    } else {
      const consented = [...ctx.directory.consentedScopes(tenant.id, user.oid, client, resource.sp.app.appId)];
      const scopes = options.scopes ?? (consented.length > 0 ? consented : (resource.sp.app.scopes ?? ['user_impersonation']));
      claims = delegatedAccessClaims(ctx, {
        tenant, user, client, clientAuth, resource: resource.sp, resourceAsWritten: resource.asWritten, scopes, requestClaims: NO_REQUEST_CLAIMS, sessionId: undefined, times, version,
        ...(options.roles === undefined ? {} : { roles: options.roles }),
      });
    }
  }
  const payload = orderClaims(merge(claims, options.claims));
  const signWith = options.signWith ?? 'active';
  const key = pickKey(ctx, signWith);
  const header = merge(tokenHeader(key, version), options.header);
  if (signWith === 'none') return signJwt({ ...header, alg: 'none' }, payload, { alg: 'none' });
  if (signWith === 'hs256') {
    return signJwt({ ...header, alg: 'HS256' }, payload, { alg: 'HS256', secret: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  }
  return signJwt(header, payload, { alg: 'RS256', key: key.privateKey });
}
