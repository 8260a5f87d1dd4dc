import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { EmulatorRequest } from '../http/request.js';
import { htmlReply, type Reply } from '../http/reply.js';
import { randomB64u } from '../tokens/ids.js';
import { AuthorizePageError, AuthorizeRedirectError, type AuthorizeRequest } from './authorize-request.js';
import { deliverError } from './authorize-response.js';
import { errorPage, signInPage } from './authorize-ui.js';

const PENDING_SECONDS = 900;

/** Turns the two authorize failure kinds into their replies: an error page, or a redirect to the client. */
export function authorizeFailure(ctx: EmulatorContext, req: EmulatorRequest, error: unknown): Reply {
  if (error instanceof AuthorizePageError) return htmlReply(error.error.status, errorPage(ctx, error.error, req.correlationId));
  if (error instanceof AuthorizeRedirectError) return deliverError(ctx, error.target, error.error, req.correlationId);
  if (error instanceof EntraError) return htmlReply(error.status, errorPage(ctx, error, req.correlationId));
  throw error;
}

/** Renders the sign-in page for a request, keeping the request server-side under a fresh `ctx` id. */
export function showSignIn(
  ctx: EmulatorContext,
  request: AuthorizeRequest,
  options: { readonly ctxId?: string; readonly picker: boolean; readonly accounts: readonly { readonly tenantId: string; readonly user: { readonly oid: string; readonly name: string; readonly upn: string; readonly signInName?: string } }[]; readonly error?: string; readonly username?: string },
): Reply {
  const ctxId = options.ctxId ?? randomB64u(24);
  ctx.stores.pending.set(ctxId, { params: request.params, tenantSegment: request.segment.segment, expiresAt: ctx.clock.nowSeconds() + PENDING_SECONDS });
  const segment = request.segment;
  const tenants = segment.kind === 'tenant' ? [segment.tenant] : ctx.directory.tenants;
  const suggestions = tenants.flatMap((t) => t.users.filter((u) => segment.kind === 'tenant' || u.homeTenantId === undefined).map((u) => u.signInName ?? u.upn));
  return htmlReply(
    200,
    signInPage({
      ctxId,
      segment: segment.segment,
      appName: request.app.displayName,
      accounts: options.picker ? options.accounts.map((a) => ({ value: `${a.tenantId}|${a.user.oid}`, name: a.user.name, username: a.user.signInName ?? a.user.upn })) : [],
      suggestions,
      ...(options.error === undefined ? {} : { error: options.error }),
      ...(options.username === undefined ? {} : { username: options.username }),
    }),
  );
}
