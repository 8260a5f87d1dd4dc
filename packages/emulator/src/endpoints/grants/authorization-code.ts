import { EntraError } from '../../errors/entra-error.js';
import { parseScopes } from '../../tenants/scopes.js';
import { segmentAllows } from '../../tenants/segment.js';
import { issueDelegated } from '../../tokens/delegated-response.js';
import { mergeRequestClaims, parseRequestClaims } from '../../tokens/request-claims.js';
import { authenticateClient } from '../client-auth.js';
import { checkPkce } from './pkce.js';
import { checkOrigin, required, type GrantHandler } from './grant.js';

/**
 * `authorization_code` (spec §2.6.2): single use, bound to client, tenant and redirect URI,
 * PKCE checked when a challenge was sent, optional `scope` naming the resource of the token.
 */
export const authorizationCodeGrant: GrantHandler = (ctx, req, segment) => {
  const code = required(req, 'code');
  const grant = ctx.stores.codes.get(code);
  if (grant === undefined) throw new EntraError('malformedGrant');
  if (grant.redeemed) throw new EntraError('codeRedeemed');
  if (grant.expiresAt <= ctx.clock.nowSeconds()) throw new EntraError('codeExpired');
  if (!segmentAllows(segment, grant.tenantId)) throw new EntraError('codeWrongTenant');
  const tenant = ctx.directory.tenant(grant.tenantId);
  const user = ctx.directory.user(grant.tenantId, grant.userOid);
  if (tenant === undefined || user === undefined) throw new EntraError('malformedGrant');
  const client = authenticateClient(ctx, req, tenant, segment.segment, grant.platform === 'web');
  if (client.sp.app.appId !== grant.clientId) throw new EntraError('codeWrongClient');
  const redirectUri = required(req, 'redirect_uri');
  if (redirectUri !== grant.redirectUri) throw new EntraError('redirectMismatchAtToken', { uri: redirectUri, expected: grant.redirectUri });
  if (grant.codeChallenge !== undefined) checkPkce(grant.codeChallenge, grant.codeChallengeMethod, req.form.code_verifier);
  const corsOrigin = checkOrigin(req, grant.platform === 'spa');
  // Spent before issuing: a failure below must not leave a reusable code behind.
  grant.redeemed = true;
  const explicit = req.form.scope !== undefined && parseScopes(req.form.scope).resources.length > 0;
  const body = issueDelegated(ctx, {
    tenant,
    user,
    client: client.sp,
    clientAuth: client.auth,
    scope: explicit ? (req.form.scope ?? '') : grant.scope,
    explicitScope: explicit,
    oidc: parseScopes(grant.scope).oidc,
    nonce: grant.nonce,
    sessionId: grant.sessionId,
    authTime: grant.authTime,
    requestClaims: mergeRequestClaims(grant.claims, parseRequestClaims(req.form.claims)),
    clientInfo: req.form.client_info === '1',
    platform: grant.platform,
  });
  return corsOrigin === undefined ? { body } : { body, corsOrigin };
};
