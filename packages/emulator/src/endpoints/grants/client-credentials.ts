import { EntraError } from '../../errors/entra-error.js';
import { parseScopes } from '../../tenants/scopes.js';
import { requireTenant } from '../../tenants/segment.js';
import { accessTokenVersion, appAccessClaims, tokenTimes } from '../../tokens/access-token.js';
import { findResource } from '../../tokens/delegated-scopes.js';
import { parseRequestClaims } from '../../tokens/request-claims.js';
import { signToken } from '../../tokens/sign-token.js';
import { authenticateClient } from '../client-auth.js';
import { required, type GrantHandler } from './grant.js';

/**
 * `client_credentials` (spec §2.6.1): exactly one resource with `/.default`; stray OIDC scopes
 * are ignored (Azure SDKs for Java and Go send them). The token carries the app roles granted
 * to the client's service principal, and no `roles` claim at all when none are.
 */
export const clientCredentialsGrant: GrantHandler = (ctx, req, segment) => {
  const tenant = requireTenant(segment);
  const scope = required(req, 'scope');
  const parsed = parseScopes(scope);
  const client = authenticateClient(ctx, req, tenant, segment.segment, true);
  if (parsed.resources.length > 1) throw new EntraError('multipleResources', { scope });
  const requested = parsed.resources[0];
  if (requested === undefined || requested.names.length !== 1 || requested.names[0] !== '.default') {
    throw new EntraError('clientCredentialsScope', { scope });
  }
  const resource = findResource(ctx, tenant, client.sp, requested.resource);
  const roles = ctx.directory.appRoles(client.sp, resource.app);
  if (resource.app.appRoleAssignmentRequired === true && roles.length === 0) {
    throw new EntraError('appNotAssignedRole', { appId: client.sp.app.appId, name: client.sp.app.displayName, resource: resource.app.appId, resourceName: resource.app.displayName });
  }
  const now = ctx.clock.nowSeconds();
  const times = tokenTimes(now, 3600);
  const version = accessTokenVersion(resource);
  const claims = appAccessClaims(ctx, {
    tenant,
    client: client.sp,
    clientAuth: client.auth,
    resource,
    resourceAsWritten: requested.resource,
    roles,
    times,
    version,
    requestClaims: parseRequestClaims(req.form.claims),
  });
  // Real responses have no scope, refresh_token, id_token or client_info here (spec §2.6.1).
  return { body: { token_type: 'Bearer', expires_in: times.exp - now, ext_expires_in: times.exp - now, access_token: signToken(ctx, claims, version) } };
};
