import type { EmulatorContext } from '../context.js';
import type { EmulatorRequest } from '../http/request.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { GRAPH_APP_ID } from '../tenants/graph.js';
import { pairwiseSub } from '../tokens/ids.js';
import { verifyOwnToken } from '../tokens/verify-own.js';

const GRAPH_AUDIENCES = new Set([GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/']);

function unauthorized(): Reply {
  return { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"', 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } }) };
}

/**
 * `GET|POST /oidc/userinfo` (spec §2.8): needs a Microsoft Graph access token from the emulator.
 * `sub` is the one the client's ID token carries (pairwise for the client).
 */
export function userinfoEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Reply {
  const header = req.headers.authorization;
  const token = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
  const jwt = token === undefined ? undefined : verifyOwnToken(ctx, token);
  const claims = jwt?.payload;
  if (claims === undefined || typeof claims.aud !== 'string' || !GRAPH_AUDIENCES.has(claims.aud)) return unauthorized();
  if (typeof claims.exp !== 'number' || claims.exp <= ctx.clock.nowSeconds()) return unauthorized();
  const tid = String(claims.tid);
  const user = typeof claims.oid === 'string' ? ctx.directory.user(tid, claims.oid) : undefined;
  const clientId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
  if (user === undefined || clientId === undefined) return unauthorized();
  return jsonReply(200, {
    sub: pairwiseSub(tid, user.oid, clientId),
    name: user.name,
    family_name: user.familyName,
    given_name: user.givenName,
    picture: 'https://graph.microsoft.com/v1.0/me/photo/$value',
    email: user.email,
  });
}
