import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import { AADSTS } from '../errors/aadsts.js';
import type { EmulatorRequest } from '../http/request.js';
import type { Reply } from '../http/reply.js';
import { completeAuthorize } from './authorize-complete.js';
import { authorizeFailure, showSignIn } from './authorize-flow.js';
import { parseAuthorize } from './authorize-request.js';
import { currentSession, eligibleAccounts, signIn } from './session.js';

/**
 * `POST /{tenant}/login`: the sign-in form's target. Either an account from the picker
 * (`account` = `tenant|oid`, must already be in the session) or `login` + `passwd`. Wrong
 * credentials show the form again with Entra's message.
 */
export function loginEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Reply {
  try {
    const ctxId = req.form.ctx ?? '';
    const pending = ctx.stores.pending.get(ctxId);
    if (pending === undefined || pending.expiresAt <= ctx.clock.nowSeconds()) throw new EntraError('malformedGrant');
    const request = parseAuthorize(ctx, pending.params, pending.tenantSegment);
    const segment = request.segment;
    const accounts = eligibleAccounts(ctx, currentSession(ctx, req), segment);
    if (req.form.account !== undefined) {
      const picked = accounts.find((a) => `${a.tenantId}|${a.user.oid}` === req.form.account);
      const session = currentSession(ctx, req);
      const tenant = picked === undefined ? undefined : ctx.directory.tenant(picked.tenantId);
      if (picked === undefined || tenant === undefined || session === undefined) throw new EntraError('loginRequired');
      ctx.stores.pending.delete(ctxId);
      return completeAuthorize(ctx, request, tenant, picked.user, session, {});
    }
    const login = req.form.login ?? '';
    const found = ctx.directory.findSignIn(segment.kind === 'tenant' ? segment.tenant.id : undefined, login);
    const retry = (message: string): Reply => showSignIn(ctx, request, { ctxId, picker: true, accounts, error: message, username: login });
    if (found === undefined) {
      const tenantName = segment.kind === 'tenant' ? segment.tenant.domains[0] ?? segment.tenant.id : 'any';
      return retry(`AADSTS${AADSTS.userNotFound.code}: ${new EntraError('userNotFound', { user: login, tenant: tenantName }).message}`);
    }
    if (found.user.password !== req.form.passwd) return retry(`AADSTS${AADSTS.invalidCredentials.code}: ${AADSTS.invalidCredentials.message}`);
    ctx.stores.pending.delete(ctxId);
    const { session, cookie } = signIn(ctx, req, found.tenant.id, found.user.oid);
    return completeAuthorize(ctx, request, found.tenant, found.user, session, { 'Set-Cookie': cookie });
  } catch (error) {
    return authorizeFailure(ctx, req, error);
  }
}
