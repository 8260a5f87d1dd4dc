import { entraTimestamp, EntraError } from '../../errors/entra-error.js';
import { parseScopes } from '../../tenants/scopes.js';
import { requireTenant } from '../../tenants/segment.js';
import { issueDelegated } from '../../tokens/delegated-response.js';
import { randomB64u } from '../../tokens/ids.js';
import { parseRequestClaims } from '../../tokens/request-claims.js';
import { verifyOwnToken } from '../../tokens/verify-own.js';
import { authenticateClient } from '../client-auth.js';
import { required, type GrantHandler } from './grant.js';

/**
 * On-behalf-of (`urn:ietf:params:oauth:grant-type:jwt-bearer`, spec §2.6.4): a middle-tier API
 * exchanges the user's access token, whose audience is the API itself, for a token to a
 * downstream resource, for the same user.
 */
export const onBehalfOfGrant: GrantHandler = (ctx, req, segment) => {
  const tenant = requireTenant(segment);
  if (req.form.requested_token_use !== 'on_behalf_of') throw new EntraError('missingParameter', { name: 'requested_token_use' });
  const assertion = required(req, 'assertion');
  const scope = required(req, 'scope');
  const client = authenticateClient(ctx, req, tenant, segment.segment, true);
  const jwt = verifyOwnToken(ctx, assertion);
  if (jwt === undefined) throw new EntraError('oboSignature');
  const claims = jwt.payload;
  const now = ctx.clock.nowSeconds();
  if (typeof claims.exp !== 'number' || claims.exp <= now) {
    throw new EntraError('oboExpired', { now: entraTimestamp(now * 1000), exp: typeof claims.exp === 'number' ? entraTimestamp(claims.exp * 1000) : 'none' });
  }
  const isAccessToken = claims.azp !== undefined || claims.appid !== undefined;
  if (!isAccessToken) throw new EntraError('oboIdToken');
  if (claims.scp === undefined) throw new EntraError('oboAppOnly', { appId: client.sp.app.appId });
  const audiences = [client.sp.app.appId, ...(client.sp.app.identifierUris ?? [])];
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
    throw new EntraError('oboAudience', { aud: String(claims.aud), appId: client.sp.app.appId });
  }
  const issuers = [ctx.urls.v2Issuer(tenant.id), ctx.urls.v1Issuer(tenant.id)];
  if (claims.tid !== tenant.id || typeof claims.iss !== 'string' || !issuers.includes(claims.iss)) throw new EntraError('oboSignature');
  const user = typeof claims.oid === 'string' ? ctx.directory.user(tenant.id, claims.oid) : undefined;
  if (user === undefined) throw new EntraError('malformedGrant');
  const body = issueDelegated(ctx, {
    tenant,
    user,
    client: client.sp,
    clientAuth: client.auth,
    scope,
    explicitScope: true,
    oidc: parseScopes(scope).oidc,
    nonce: undefined,
    sessionId: randomB64u(16),
    authTime: now,
    requestClaims: parseRequestClaims(req.form.claims),
    clientInfo: req.form.client_info === '1',
    platform: 'obo',
  });
  return { body };
};
