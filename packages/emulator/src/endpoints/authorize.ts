import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { EmulatorRequest } from '../http/request.js';
import type { Reply } from '../http/reply.js';
import { completeAuthorize } from './authorize-complete.js';
import { authorizeFailure, showSignIn } from './authorize-flow.js';
import { AuthorizeRedirectError, parseAuthorize, type AuthorizeRequest } from './authorize-request.js';
import { currentSession, eligibleAccounts, signIn, type SessionAccount } from './session.js';

function matchesHint(account: SessionAccount, hint: string): boolean {
  const h = hint.toLowerCase();
  return (account.user.signInName ?? account.user.upn).toLowerCase() === h || account.user.upn.toLowerCase() === h;
}

function decide(ctx: EmulatorContext, req: EmulatorRequest, request: AuthorizeRequest): Reply {
  const session = currentSession(ctx, req);
  const accounts = eligibleAccounts(ctx, session, request.segment);
  const hinted = request.loginHint === undefined ? undefined : accounts.find((a) => matchesHint(a, request.loginHint ?? ''));
  const prompt = request.prompt;
  const sso = hinted ?? (accounts.length === 1 ? accounts[0] : undefined);
  const reuse = (account: SessionAccount): Reply => {
    const tenant = ctx.directory.tenant(account.tenantId);
    if (tenant === undefined || session === undefined) throw new AuthorizeRedirectError(new EntraError('loginRequired'), request);
    return completeAuthorize(ctx, request, tenant, account.user, session, {});
  };
  if (prompt === 'none') {
    if (sso !== undefined) return reuse(sso);
    throw new AuthorizeRedirectError(new EntraError(accounts.length === 0 ? 'loginRequired' : 'accountSelectionRequired'), request);
  }
  if (prompt !== 'login' && prompt !== 'select_account' && sso !== undefined) return reuse(sso);
  // Deterministic automation (spec §2.5): a seeded user named by login_hint signs in without the form.
  if (ctx.options.autoLogin && request.loginHint !== undefined) {
    const found = ctx.directory.findSignIn(request.segment.kind === 'tenant' ? request.segment.tenant.id : undefined, request.loginHint);
    if (found !== undefined) {
      const { session: s, cookie } = signIn(ctx, req, found.tenant.id, found.user.oid);
      return completeAuthorize(ctx, request, found.tenant, found.user, s, { 'Set-Cookie': cookie });
    }
  }
  return showSignIn(ctx, request, {
    picker: prompt !== 'login',
    accounts,
    ...(request.loginHint === undefined ? {} : { username: request.loginHint }),
  });
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize` (spec §2.5): validates the request, then signs in
 * silently from the session cookie (SSO, `prompt=none`), or shows the account picker and
 * password form, whose post goes to `/{tenant}/login`.
 */
export function authorizeEndpoint(ctx: EmulatorContext, req: EmulatorRequest, segmentText: string): Reply {
  try {
    return decide(ctx, req, parseAuthorize(ctx, req.params, segmentText));
  } catch (error) {
    return authorizeFailure(ctx, req, error);
  }
}
