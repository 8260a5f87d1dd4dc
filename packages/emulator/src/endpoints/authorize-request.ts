import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { ApplicationConfig } from '../tenants/config-types.js';
import { redirectPlatform, type RedirectPlatform } from '../tenants/redirect-uris.js';
import { parseScopes, type ParsedScopes } from '../tenants/scopes.js';
import { resolveSegment, type Segment } from '../tenants/segment.js';
import { GUID } from '../tenants/shape-check.js';
import { parseRequestClaims, type RequestClaims } from '../tokens/request-claims.js';

/** Raised before the redirect URI is trusted: shown on a page, never redirected (spec §2.5). */
export class AuthorizePageError extends Error {
  readonly error: EntraError;
  constructor(error: EntraError) {
    super(error.message);
    this.error = error;
  }
}

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Raised once the redirect URI is trusted: the error goes back to the client (spec §2.5). */
export class AuthorizeRedirectError extends Error {
  readonly error: EntraError;
  readonly target: AuthorizeTarget;
  constructor(error: EntraError, target: AuthorizeTarget) {
    super(error.message);
    this.error = error;
    this.target = target;
  }
}

/** Where errors and results of an authorize request go, known once the redirect URI is trusted. */
export interface AuthorizeTarget {
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly state: string | undefined;
}

/** A validated authorize request. */
export interface AuthorizeRequest extends AuthorizeTarget {
  readonly params: Readonly<Record<string, string>>;
  readonly segment: Segment;
  readonly app: ApplicationConfig;
  readonly homeTenantId: string;
  readonly platform: RedirectPlatform;
  readonly responseTypes: ReadonlySet<string>;
  readonly scope: string;
  readonly parsed: ParsedScopes;
  readonly nonce: string | undefined;
  readonly prompt: string | undefined;
  readonly loginHint: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  readonly claims: RequestClaims;
  readonly clientInfo: boolean;
}

const RESPONSE_TYPES = new Set(['code', 'id_token', 'code id_token', 'id_token token', 'code id_token token', 'token', 'code token']);

function page(error: EntraError): never {
  throw new AuthorizePageError(error);
}

/** Client and redirect URI: errors here are shown on a page, since the redirect URI is not trusted yet. */
export function authorizeTarget(
  ctx: EmulatorContext,
  params: Readonly<Record<string, string>>,
  segmentText: string,
): { readonly segment: Segment; readonly entry: { readonly app: ApplicationConfig; readonly homeTenantId: string }; readonly platform: RedirectPlatform; readonly target: AuthorizeTarget } {
  let segment: Segment;
  try {
    segment = resolveSegment(ctx, segmentText);
  } catch (error) {
    return page(error as EntraError);
  }
  const clientId = params.client_id;
  if (clientId === undefined) page(new EntraError('missingParameter', { name: 'client_id' }));
  if (!GUID.test(clientId)) page(new EntraError('clientIdNotGuid'));
  const entry = ctx.directory.application(clientId);
  const tenantName = segment.kind === 'tenant' ? segment.tenant.displayName : segment.kind;
  if (entry === undefined) page(new EntraError('appNotFound', { appId: clientId, tenant: tenantName }));
  if (segment.kind === 'tenant' && ctx.directory.servicePrincipal(clientId, segment.tenant.id) === undefined && (entry.app.signInAudience ?? 'AzureADMyOrg') === 'AzureADMyOrg') {
    page(new EntraError('appNotFound', { appId: clientId, tenant: tenantName }));
  }
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined) page(new EntraError('missingParameter', { name: 'redirect_uri' }));
  const platform = redirectPlatform(entry.app, redirectUri);
  if (platform === undefined) page(new EntraError('redirectMismatch', { uri: redirectUri, appId: clientId }));
  const responseType = params.response_type ?? 'code';
  const mode = params.response_mode ?? (responseType === 'code' ? 'query' : 'fragment');
  const responseMode: ResponseMode = mode === 'fragment' || mode === 'form_post' ? mode : 'query';
  return { segment, entry, platform, target: { redirectUri, responseMode, state: params.state } };
}

/** Full validation; errors from here are redirected to the client (spec §2.5). */
export function parseAuthorize(ctx: EmulatorContext, params: Readonly<Record<string, string>>, segmentText: string): AuthorizeRequest {
  const { segment, entry, platform, target } = authorizeTarget(ctx, params, segmentText);
  const responseType = (params.response_type ?? '').split(' ').filter(Boolean).sort().join(' ');
  const canonical = [...RESPONSE_TYPES].find((t) => t.split(' ').sort().join(' ') === responseType);
  const fail = (error: EntraError): never => {
    throw new AuthorizeRedirectError(error, target);
  };
  if (params.response_type === undefined) fail(new EntraError('missingParameter', { name: 'response_type' }));
  if (canonical === undefined) fail(new EntraError('unsupportedResponseType'));
  const types = new Set((canonical ?? '').split(' '));
  if (types.has('id_token') && entry.app.implicitGrant?.idToken !== true) fail(new EntraError('responseTypeNotEnabled', { type: 'id_token' }));
  if (types.has('token') && entry.app.implicitGrant?.accessToken !== true) fail(new EntraError('responseTypeNotEnabled', { type: 'token' }));
  if (types.has('id_token') && params.nonce === undefined) fail(new EntraError('nonceRequired'));
  const scope = params.scope;
  if (scope === undefined || scope.trim() === '') fail(new EntraError('missingParameter', { name: 'scope' }));
  const method = params.code_challenge_method ?? 'plain';
  if (method !== 'S256' && method !== 'plain') fail(new EntraError('invalidScope', { scope: `code_challenge_method=${method}` }));
  if (segment.kind !== 'tenant' && (entry.app.signInAudience ?? 'AzureADMyOrg') === 'AzureADMyOrg') {
    fail(new EntraError('notMultiTenant', { appId: entry.app.appId, name: entry.app.displayName }));
  }
  return {
    ...target,
    params,
    segment,
    app: entry.app,
    homeTenantId: entry.homeTenantId,
    platform,
    responseTypes: types,
    scope: scope ?? '',
    parsed: parseScopes(scope),
    nonce: params.nonce,
    prompt: params.prompt,
    loginHint: params.login_hint,
    codeChallenge: params.code_challenge,
    codeChallengeMethod: method === 'S256' ? 'S256' : 'plain',
    claims: parseRequestClaims(params.claims),
    clientInfo: params.client_info === '1',
  };
}
