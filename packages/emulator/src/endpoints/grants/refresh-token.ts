import { entraTimestamp, EntraError } from '../../errors/entra-error.js';
import { parseScopes } from '../../tenants/scopes.js';
import { segmentAllows } from '../../tenants/segment.js';
import { issueDelegated } from '../../tokens/delegated-response.js';
import { mergeRequestClaims, parseRequestClaims } from '../../tokens/request-claims.js';
import { authenticateClient } from '../client-auth.js';
import { checkOrigin, required, type GrantHandler } from './grant.js';

const INACTIVITY_SECONDS = 90 * 86_400;
const SPA_LIFETIME_SECONDS = 86_400;

/**
 * `refresh_token` (spec §2.6.3). Refresh tokens are multi-resource: `scope` may name another
 * resource the user consented to. Every use returns a new refresh token; with Entra's default
 * the old one stays valid, with `refreshTokenRotation: "strict"` its reuse is refused.
 */
export const refreshTokenGrant: GrantHandler = (ctx, req, segment) => {
  const token = required(req, 'refresh_token');
  const grant = ctx.stores.refreshTokens.get(token);
  if (grant === undefined) throw new EntraError('malformedGrant');
  const now = ctx.clock.nowSeconds();
  const issued = entraTimestamp(grant.issuedAt * 1000);
  const validFrom = ctx.stores.revokedBefore.get(`${grant.tenantId}|${grant.userOid}`);
  if (grant.revoked) {
    throw new EntraError('grantRevoked', { issued, validFrom: entraTimestamp((validFrom ?? now) * 1000) });
  }
  if (ctx.options.refreshTokenRotation === 'strict' && grant.usedAt !== undefined) {
    throw new EntraError('refreshReused', { used: entraTimestamp(grant.usedAt * 1000) });
  }
  if (now - grant.lastUsedAt > INACTIVITY_SECONDS) throw new EntraError('refreshInactive', { issued, inactive: `${Math.floor((now - grant.lastUsedAt) / 86_400)} days` });
  if (grant.platform === 'spa' && now - grant.chainStartedAt > SPA_LIFETIME_SECONDS) throw new EntraError('spaRefreshExpired', { issued });
  if (!segmentAllows(segment, grant.tenantId)) throw new EntraError('malformedGrant');
  const tenant = ctx.directory.tenant(grant.tenantId);
  const user = ctx.directory.user(grant.tenantId, grant.userOid);
  if (tenant === undefined || user === undefined) throw new EntraError('malformedGrant');
  const client = authenticateClient(ctx, req, tenant, segment.segment, grant.platform === 'web' || grant.platform === 'obo');
  if (client.sp.app.appId !== grant.clientId) throw new EntraError('codeWrongClient');
  const corsOrigin = checkOrigin(req, grant.platform === 'spa');
  const explicit = req.form.scope !== undefined && parseScopes(req.form.scope).resources.length > 0;
  const body = issueDelegated(ctx, {
    tenant,
    user,
    client: client.sp,
    clientAuth: client.auth,
    scope: explicit ? (req.form.scope ?? '') : grant.scope,
    explicitScope: explicit,
    oidc: grant.oidc,
    nonce: undefined,
    sessionId: grant.sessionId,
    authTime: grant.authTime,
    requestClaims: mergeRequestClaims(grant.claims, parseRequestClaims(req.form.claims)),
    clientInfo: req.form.client_info === '1',
    platform: grant.platform,
    chainStartedAt: grant.chainStartedAt,
  });
  grant.usedAt ??= now;
  grant.lastUsedAt = now;
  return corsOrigin === undefined ? { body } : { body, corsOrigin };
};
