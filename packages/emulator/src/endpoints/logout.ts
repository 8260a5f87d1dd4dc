import type { EmulatorContext } from '../context.js';
import { page } from '../http/html.js';
import type { EmulatorRequest } from '../http/request.js';
import { htmlReply, redirectReply, type Reply } from '../http/reply.js';
import { allRedirectUris, redirectMatches } from '../tenants/redirect-uris.js';
import { decodeJwt } from '../tokens/jwt.js';
import { clearedSessionCookie, currentSession } from './session.js';

function clientIdOf(req: EmulatorRequest): string | undefined {
  if (req.params.client_id !== undefined) return req.params.client_id;
  const hint = req.params.id_token_hint;
  const aud = hint === undefined ? undefined : decodeJwt(hint)?.payload.aud;
  return typeof aud === 'string' ? aud : undefined;
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/logout` (spec §2.7): ends the emulator session and redirects
 * to `post_logout_redirect_uri` (with `state`) when it is registered for the app named by
 * `client_id` or `id_token_hint`; otherwise shows the "signed out" page. Front-channel logout
 * iframes are not rendered.
 */
export function logoutEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Reply {
  const session = currentSession(ctx, req);
  if (session !== undefined) ctx.stores.sessions.delete(session.id);
  const headers = { 'Set-Cookie': clearedSessionCookie(ctx) };
  const target = req.params.post_logout_redirect_uri;
  const clientId = clientIdOf(req);
  const app = clientId === undefined ? undefined : ctx.directory.application(clientId)?.app;
  if (target !== undefined && app !== undefined && allRedirectUris(app).some((r) => redirectMatches(r, target))) {
    const url = new URL(target);
    if (req.params.state !== undefined) url.searchParams.set('state', req.params.state);
    return redirectReply(url.href, headers);
  }
  return htmlReply(200, page('Signed out', '<h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>'), headers);
}
