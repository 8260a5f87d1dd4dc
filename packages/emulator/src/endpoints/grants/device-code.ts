import { EntraError } from '../../errors/entra-error.js';
import { parseScopes } from '../../tenants/scopes.js';
import { issueDelegated } from '../../tokens/delegated-response.js';
import { randomB64u } from '../../tokens/ids.js';
import { authenticateClient } from '../client-auth.js';
import { required, type GrantHandler } from './grant.js';

/**
 * Device-code polling (spec §2.6.5): `authorization_pending` until the user (or a test, through
 * `/_emulator/devicecode/approve`) approves; then a delegated token for the approving user.
 */
export const deviceCodeGrant: GrantHandler = (ctx, req) => {
  const deviceCode = required(req, 'device_code');
  const grant = ctx.stores.deviceCodes.get(deviceCode);
  if (grant === undefined || grant.status === 'redeemed') throw new EntraError('badVerificationCode');
  if (grant.expiresAt <= ctx.clock.nowSeconds()) throw new EntraError('deviceExpired');
  if (grant.status === 'declined') throw new EntraError('deviceDeclined');
  if (grant.status === 'pending' || grant.approvedBy === undefined) throw new EntraError('devicePending');
  const tenant = ctx.directory.tenant(grant.approvedBy.tenantId);
  const user = ctx.directory.user(grant.approvedBy.tenantId, grant.approvedBy.userOid);
  if (tenant === undefined || user === undefined) throw new EntraError('malformedGrant');
  const client = authenticateClient(ctx, req, tenant, grant.tenantSegment, false);
  if (client.sp.app.appId !== grant.clientId) throw new EntraError('codeWrongClient');
  grant.status = 'redeemed';
  const now = ctx.clock.nowSeconds();
  const body = issueDelegated(ctx, {
    tenant,
    user,
    client: client.sp,
    clientAuth: client.auth,
    scope: grant.scope,
    explicitScope: false,
    oidc: parseScopes(grant.scope).oidc,
    nonce: undefined,
    sessionId: randomB64u(16),
    authTime: now,
    requestClaims: grant.claims,
    clientInfo: req.form.client_info === '1',
    platform: 'device',
  });
  return { body };
};
