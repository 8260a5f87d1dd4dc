import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import { errorReply } from '../http/error-reply.js';
import type { EmulatorRequest } from '../http/request.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { resolveSegment } from '../tenants/segment.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { deviceCodeGrant } from './grants/device-code.js';
import type { GrantHandler } from './grants/grant.js';
import { onBehalfOfGrant } from './grants/on-behalf-of.js';
import { refreshTokenGrant } from './grants/refresh-token.js';

// msal-node sends the bare `device_code`, openid-client the URN; Entra accepts both (spec §2.6.5).
const GRANTS: Readonly<Record<string, GrantHandler>> = {
  client_credentials: clientCredentialsGrant,
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': onBehalfOfGrant,
  'urn:ietf:params:oauth:grant-type:device_code': deviceCodeGrant,
  device_code: deviceCodeGrant,
};

function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'false', Vary: 'Origin' };
}

/** CORS preflight of the token endpoint: browsers ask before a SPA posts. */
export function tokenPreflight(req: EmulatorRequest): Reply {
  const origin = req.origin ?? '*';
  const requested = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': typeof requested === 'string' ? requested : 'content-type',
      'Access-Control-Max-Age': '86400',
    },
    body: '',
  };
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`. Unknown body members are ignored (MSAL sends telemetry and
 * `x-client-*` fields). Errors from a browser carry CORS headers so the SPA can read them.
 */
export function tokenEndpoint(ctx: EmulatorContext, req: EmulatorRequest, segmentText: string): Reply {
  try {
    const segment = resolveSegment(ctx, segmentText);
    const grantType = req.form.grant_type;
    if (grantType === undefined || grantType.length === 0) throw new EntraError('missingParameter', { name: 'grant_type' });
    const handler = GRANTS[grantType];
    if (handler === undefined) throw new EntraError('unsupportedGrant');
    const result = handler(ctx, req, segment);
    return jsonReply(200, result.body, 'token', result.corsOrigin === undefined ? {} : corsHeaders(result.corsOrigin));
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    return errorReply(ctx, req, error, 'token', req.origin === undefined ? {} : corsHeaders(req.origin));
  }
}
