import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { RefreshGrant } from '../state/stores.js';
import type { UserConfig } from '../tenants/config-types.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { GRAPH_APP_ID } from '../tenants/graph.js';
import { parseScopes, type ResourceScopes } from '../tenants/scopes.js';
import { accessTokenVersion, delegatedAccessClaims, delegatedLifetime, tokenTimes, type ClientAuth } from './access-token.js';
import { grantDelegated } from './delegated-scopes.js';
import { idTokenClaims } from './id-token.js';
import { randomB64u } from './ids.js';
import type { RequestClaims } from './request-claims.js';
import { signGraphToken, signToken } from './sign-token.js';
import { clientInfo, homeAccount } from './user-claims.js';

/** Everything needed to answer a delegated grant (code, refresh, on-behalf-of, device code). */
export interface DelegatedIssue {
  readonly tenant: Tenant;
  readonly user: UserConfig;
  readonly client: ServicePrincipal;
  readonly clientAuth: ClientAuth;
  /** The scope to issue for: the token request's `scope`, or the original grant's. */
  readonly scope: string;
  /** True when `scope` came from the token request: several resources are then refused (AADSTS28000). */
  readonly explicitScope: boolean;
  /** OIDC scopes of the grant: `openid` → ID token, `offline_access` → refresh token. */
  readonly oidc: readonly string[];
  readonly nonce: string | undefined;
  readonly sessionId: string;
  readonly authTime: number;
  readonly requestClaims: RequestClaims;
  /** The request had `client_info=1`. */
  readonly clientInfo: boolean;
  readonly platform: RefreshGrant['platform'];
  /** For refresh chains: when the chain began (SPA chains end 24 h later). */
  readonly chainStartedAt?: number;
}

// An OIDC-only sign-in gets a Microsoft Graph token, as from Entra.
const GRAPH_DEFAULT: ResourceScopes = { resource: GRAPH_APP_ID, names: ['User.Read'], written: ['User.Read'] };

/** Creates and stores a refresh token continuing `issue`'s chain. */
export function storeRefreshToken(ctx: EmulatorContext, issue: DelegatedIssue, now: number): string {
  const token = `1.A${randomB64u(30)}.${randomB64u(150)}`;
  ctx.stores.refreshTokens.set(token, {
    clientId: issue.client.app.appId,
    tenantId: issue.tenant.id,
    userOid: issue.user.oid,
    oidc: issue.oidc,
    scope: issue.scope,
    platform: issue.platform,
    claims: issue.requestClaims,
    sessionId: issue.sessionId,
    authTime: issue.authTime,
    chainStartedAt: issue.chainStartedAt ?? now,
    issuedAt: now,
    lastUsedAt: now,
    usedAt: undefined,
    revoked: false,
  });
  return token;
}

/**
 * The token response of a delegated grant (emulator spec §2.6.2): an access token for one
 * resource, the granted scopes as the client wrote them plus the OIDC scopes, an ID token with
 * the nonce when `openid` was granted, a new refresh token with `offline_access`, and
 * `client_info` when asked.
 */
export function issueDelegated(ctx: EmulatorContext, issue: DelegatedIssue): Record<string, unknown> {
  const parsed = parseScopes(issue.scope);
  if (issue.explicitScope && parsed.resources.length > 1) throw new EntraError('multipleResources', { scope: issue.scope });
  const requested = parsed.resources[0] ?? GRAPH_DEFAULT;
  const granted = grantDelegated(ctx, issue.tenant, issue.user.oid, issue.client, requested);
  const now = ctx.clock.nowSeconds();
  const version = accessTokenVersion(granted.resource);
  const times = tokenTimes(now, delegatedLifetime());
  const claims = delegatedAccessClaims(ctx, {
    tenant: issue.tenant,
    user: issue.user,
    client: issue.client,
    clientAuth: issue.clientAuth,
    resource: granted.resource,
    resourceAsWritten: granted.asWritten,
    scopes: granted.resource.app.appId === GRAPH_APP_ID ? [...new Set([...granted.names, ...issue.oidc.filter((s) => s !== 'offline_access')])] : granted.names,
    requestClaims: issue.requestClaims,
    sessionId: issue.sessionId,
    times,
    version,
  });
  const accessToken = granted.resource.app.appId === GRAPH_APP_ID ? signGraphToken(ctx, claims) : signToken(ctx, claims, version);
  // Entra lists the OIDC scopes it granted but not offline_access (emulator spec §2.6.2).
  const oidcInResponse = issue.oidc.filter((s) => s !== 'offline_access');
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...granted.written, ...oidcInResponse].join(' '),
    expires_in: times.exp - now,
    ext_expires_in: times.exp - now,
    access_token: accessToken,
  };
  if (issue.oidc.includes('offline_access')) body.refresh_token = storeRefreshToken(ctx, issue, now);
  if (issue.oidc.includes('openid')) {
    const idClaims = idTokenClaims(ctx, {
      tenant: issue.tenant,
      user: issue.user,
      client: issue.client,
      oidcScopes: issue.oidc,
      nonce: issue.nonce,
      sessionId: issue.sessionId,
      authTime: issue.authTime,
      requestClaims: issue.requestClaims,
      times: tokenTimes(now, 3600),
    });
    body.id_token = signToken(ctx, idClaims, 2);
  }
  if (issue.clientInfo) body.client_info = clientInfo(homeAccount(ctx.directory, issue.tenant, issue.user));
  return body;
}
