import { randomInt } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { EmulatorRequest } from '../http/request.js';
import { GUID } from '../tenants/shape-check.js';
import { resolveSegment } from '../tenants/segment.js';
import { randomB64u } from '../tokens/ids.js';
import { parseRequestClaims } from '../tokens/request-claims.js';

const DEVICE_CODE_SECONDS = 900;
// No 0/O or 1/I: people type these codes.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function userCode(): string {
  return Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
}

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode` (spec §2.6.5). Only apps with "allow public client
 * flows" may use it. No `verification_uri_complete`, as in Entra's response.
 */
export function deviceCodeEndpoint(ctx: EmulatorContext, req: EmulatorRequest, segmentText: string): Record<string, unknown> {
  const segment = resolveSegment(ctx, segmentText);
  const clientId = req.form.client_id;
  if (clientId === undefined) throw new EntraError('missingParameter', { name: 'client_id' });
  if (!GUID.test(clientId)) throw new EntraError('clientIdNotGuid');
  const scope = req.form.scope;
  if (scope === undefined || scope.trim() === '') throw new EntraError('missingParameter', { name: 'scope' });
  const entry = ctx.directory.application(clientId);
  const tenantName = segment.kind === 'tenant' ? segment.tenant.displayName : segment.kind;
  if (entry === undefined || (segment.kind === 'tenant' && ctx.directory.servicePrincipal(clientId, segment.tenant.id) === undefined && (entry.app.signInAudience ?? 'AzureADMyOrg') === 'AzureADMyOrg')) {
    throw new EntraError('appNotFound', { appId: clientId, tenant: tenantName });
  }
  if (entry.app.isPublicClient !== true) throw new EntraError('deviceFlowNotAllowed');
  const code = userCode();
  const deviceCode = `${randomB64u(24)}_${randomB64u(64)}`;
  ctx.stores.deviceCodes.set(deviceCode, {
    deviceCode,
    userCode: code,
    clientId,
    tenantSegment: segment.kind === 'tenant' ? segment.tenant.id : segment.segment,
    scope,
    claims: parseRequestClaims(req.form.claims),
    expiresAt: ctx.clock.nowSeconds() + DEVICE_CODE_SECONDS,
    status: 'pending',
    approvedBy: undefined,
  });
  const uri = ctx.urls.deviceLogin;
  return {
    user_code: code,
    device_code: deviceCode,
    verification_uri: uri,
    expires_in: DEVICE_CODE_SECONDS,
    interval: ctx.options.deviceCodeIntervalSeconds,
    message: `To sign in, use a web browser to open the page ${uri} and enter the code ${code} to authenticate.`,
  };
}

/**
 * Approves (or declines) a pending device code for a user, as the `/devicelogin` page and
 * `POST /_emulator/devicecode/approve` do. `user` is an object id or sign-in name.
 */
export function approveDeviceCode(ctx: EmulatorContext, input: { readonly userCode: string; readonly user?: string; readonly decline?: boolean }): void {
  const grant = ctx.stores.deviceByUserCode(input.userCode);
  if (grant === undefined || grant.status !== 'pending') throw new EntraError('badVerificationCode');
  if (input.decline === true) {
    grant.status = 'declined';
    return;
  }
  if (input.user === undefined) throw new EntraError('missingParameter', { name: 'user' });
  const tenantId = GUID.test(grant.tenantSegment) ? grant.tenantSegment : undefined;
  const found = ctx.directory.findSignIn(tenantId, input.user);
  if (found === undefined) throw new EntraError('userNotFound', { user: input.user, tenant: tenantId ?? 'any' });
  grant.status = 'approved';
  grant.approvedBy = { tenantId: found.tenant.id, userOid: found.user.oid };
}
