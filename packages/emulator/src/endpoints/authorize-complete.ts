import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { Reply } from '../http/reply.js';
import type { Session } from '../state/stores.js';
import type { UserConfig } from '../tenants/config-types.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { GRAPH_APP_ID } from '../tenants/graph.js';
import { tokenTimes } from '../tokens/access-token.js';
import { checkExposed, findResource } from '../tokens/delegated-scopes.js';
import { issueDelegated } from '../tokens/delegated-response.js';
import { idTokenClaims } from '../tokens/id-token.js';
import { randomB64u } from '../tokens/ids.js';
import { signToken } from '../tokens/sign-token.js';
import { clientInfo, homeAccount } from '../tokens/user-claims.js';
import { AuthorizeRedirectError, type AuthorizeRequest } from './authorize-request.js';
import { deliver } from './authorize-response.js';
import { sessionSid } from './session.js';

const CODE_LIFETIME_SECONDS = 600;

/** Consent at sign-in: recorded for auto-consent apps, required to pre-exist otherwise (AADSTS65001). */
function consent(ctx: EmulatorContext, request: AuthorizeRequest, tenant: Tenant, user: UserConfig, client: ServicePrincipal): void {
  const resources = [...request.parsed.resources];
  if (request.parsed.oidc.includes('openid')) resources.push({ resource: GRAPH_APP_ID, names: ['User.Read'], written: ['User.Read'] });
  for (const requested of resources) {
    const resource = findResource(ctx, tenant, client, requested.resource);
    checkExposed(resource, requested, client, true);
    const names = requested.names.filter((n) => n !== '.default');
    if (request.app.consent === 'required') {
      const consented = ctx.directory.consentedScopes(tenant.id, user.oid, client, resource.app.appId);
      const ok = requested.names.includes('.default') ? consented.size > 0 : names.every((n) => consented.has(n));
      if (!ok) throw new EntraError('consentRequiredInteractive', { appId: client.app.appId, name: client.app.displayName });
    } else {
      ctx.directory.recordConsent(tenant.id, user.oid, client.app.appId, resource.app.appId, names);
    }
  }
}

/**
 * Finishes a sign-in: the app's service principal in the user's tenant (created on first
 * consent for multi-tenant apps), consent, then the code and/or tokens the response type asks
 * for, delivered in the response mode with `state`, `session_state` and `client_info`.
 */
export function completeAuthorize(
  ctx: EmulatorContext,
  request: AuthorizeRequest,
  tenant: Tenant,
  user: UserConfig,
  session: Session,
  headers: Readonly<Record<string, string | readonly string[]>>,
): Reply {
  try {
    const client = ctx.directory.servicePrincipal(request.app.appId, tenant.id) ?? ctx.directory.consentServicePrincipal(request.app.appId, tenant.id);
    if (client === undefined) throw new EntraError('appNotFound', { appId: request.app.appId, tenant: tenant.displayName });
    consent(ctx, request, tenant, user, client);
    const now = ctx.clock.nowSeconds();
    const account = session.accounts.find((a) => a.tenantId === tenant.id && a.userOid === user.oid);
    const authTime = account?.authTime ?? now;
    const sid = sessionSid(session);
    const fields: Record<string, string> = {};
    if (request.responseTypes.has('code')) {
      const code = `1.A${randomB64u(40)}.${randomB64u(160)}`;
      ctx.stores.codes.set(code, {
        clientId: request.app.appId,
        tenantId: tenant.id,
        userOid: user.oid,
        redirectUri: request.redirectUri,
        platform: request.platform,
        scope: request.scope,
        nonce: request.nonce,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: request.codeChallengeMethod,
        claims: request.claims,
        sessionId: sid,
        authTime,
        expiresAt: now + CODE_LIFETIME_SECONDS,
        redeemed: false,
      });
      fields.code = code;
    }
    if (request.clientInfo) fields.client_info = clientInfo(homeAccount(ctx.directory, tenant, user));
    if (request.responseTypes.has('token')) {
      const body = issueDelegated(ctx, {
        tenant, user, client: client, clientAuth: '0', scope: request.scope, explicitScope: false, oidc: [], nonce: undefined,
        sessionId: sid, authTime, requestClaims: request.claims, clientInfo: false, platform: request.platform,
      });
      fields.access_token = String(body.access_token);
      fields.token_type = 'Bearer';
      fields.expires_in = String(body.expires_in);
      fields.scope = String(body.scope);
    }
    if (request.responseTypes.has('id_token')) {
      const claims = idTokenClaims(ctx, {
        tenant, user, client, oidcScopes: request.parsed.oidc, nonce: request.nonce, sessionId: sid, authTime,
        requestClaims: request.claims, times: tokenTimes(now, 3600),
        hashes: { ...(fields.code === undefined ? {} : { code: fields.code }), ...(fields.access_token === undefined ? {} : { accessToken: fields.access_token }) },
      });
      fields.id_token = signToken(ctx, claims, 2);
    }
    fields.session_state = sid;
    return deliver(request, fields, headers);
  } catch (error) {
    if (error instanceof EntraError) throw new AuthorizeRedirectError(error, request);
    throw error;
  }
}
