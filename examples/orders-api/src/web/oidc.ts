import * as client from 'openid-client';
import type { ResolvedWebOptions } from './options.js';

/** What the sign-in cookie carries from /auth/login to /auth/callback. */
export interface SignInTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** The signed-in user, from the ID token. */
export interface WebUser {
  readonly name: string;
  readonly username: string | undefined;
  readonly tenantId: string;
  readonly objectId: string;
}

export interface TokenSet {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The rotated refresh token (undefined when the authority sent none: keep the old one). */
  readonly refreshToken: string | undefined;
  /** From the new ID token, when the response had one. */
  readonly user: WebUser | undefined;
}

/** The authority could not be reached or answered unexpectedly: try again later. */
export class AuthorityUnavailableError extends Error {
  override readonly name = 'AuthorityUnavailableError';
}

/** The authority refused the grant (`invalid_grant`, a revoked or expired refresh token...): sign in again. */
export class GrantRefusedError extends Error {
  override readonly name = 'GrantRefusedError';
  readonly code: string;
  constructor(code: string) {
    super(`the authority refused the grant: ${code}`);
    this.code = code;
  }
}

export interface Oidc {
  /** The authorize URL to send the browser to. */
  authorizationUrl(tx: SignInTransaction, prompt: string | undefined): Promise<URL>;
  /** Redeems the code of the callback URL (state, nonce and PKCE checked by openid-client). */
  redeem(callbackUrl: URL, tx: SignInTransaction): Promise<TokenSet & { readonly refreshToken: string; readonly user: WebUser }>;
  /** A refresh-token grant at the user's tenant. */
  refresh(refreshToken: string, tenantId: string): Promise<TokenSet>;
  /** The authority's end-session URL, or undefined when it has none. */
  endSessionUrl(postLogoutRedirectUri: string, state: string): Promise<URL | undefined>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT_TEMPLATE = '{tenantid}';
const MAX_TENANT_CONFIGS = 64;
const TIMEOUT_SECONDS = 10;
/** openid-client error codes that describe the transport or the response format, not a failed check. */
const TRANSPORT_CODES = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_HTTP_REQUEST_FORBIDDEN', 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN']);
/** OAuth errors that mean "this session is over", as opposed to a misconfiguration or an outage. */
const SESSION_ENDED = new Set(['invalid_grant', 'interaction_required', 'login_required', 'consent_required']);

function failure(err: unknown): Error {
  if (err instanceof client.ResponseBodyError) {
    return SESSION_ENDED.has(err.error) ? new GrantRefusedError(err.error) : new AuthorityUnavailableError(`the authority answered ${err.status} ${err.error}`, { cause: err });
  }
  if (err instanceof AuthorityUnavailableError || err instanceof GrantRefusedError) return err;
  return new AuthorityUnavailableError(err instanceof Error ? err.message : 'the authority could not be reached', { cause: err });
}

function userOf(claims: client.IDToken | undefined): WebUser | undefined {
  if (claims === undefined) return undefined;
  const { tid, oid, name, preferred_username: username } = claims;
  if (typeof tid !== 'string' || typeof oid !== 'string') return undefined;
  return {
    name: typeof name === 'string' && name !== '' ? name : typeof username === 'string' ? username : 'Signed-in user',
    username: typeof username === 'string' ? username : undefined,
    tenantId: tid,
    objectId: oid,
  };
}

function tokenSet(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenSet {
  const expiresIn = tokens.expiresIn() ?? 3600;
  return { accessToken: tokens.access_token, expiresAt: Date.now() + expiresIn * 1000, refreshToken: tokens.refresh_token, user: userOf(tokens.claims()) };
}

/** openid-client's `[customFetch]` over the configured fetch (the one that trusts the authority's CA). */
function customFetch(fetchImpl: typeof fetch): client.CustomFetch {
  return (url, init) =>
    fetchImpl(url, {
      method: init.method,
      headers: init.headers,
      // openid-client sends forms (URLSearchParams) or nothing; its wider FetchBody type only
      // differs from BodyInit in the typed-array generics.
      body: (init.body ?? null) as BodyInit | null,
      redirect: init.redirect,
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
}

/**
 * The OpenID Connect client (openid-client): a confidential client, authorization code with
 * PKCE (S256), state and nonce.
 *
 * Entra's tenant-independent authorities (`organizations`, `common`) publish the issuer as a
 * `{tenantid}` template, which openid-client accepts only for login.microsoftonline.com. So the
 * authority's own document is used for the authorize step, the user's tenant is read from the
 * `client_info` Entra returns on the redirect (requested with `client_info=1`, as MSAL does), and
 * the code is redeemed through that tenant's own discovery document, where openid-client checks
 * the issuer of the ID token exactly. A tenant-specific authority uses its document throughout.
 */
export function createOidc(options: ResolvedWebOptions): Oidc {
  const discoveryOptions: client.DiscoveryRequestOptions = { [client.customFetch]: customFetch(options.fetch), timeout: TIMEOUT_SECONDS };
  const discover = (url: string): Promise<client.Configuration> => client.discovery(new URL(url), options.clientId, options.clientSecret, undefined, discoveryOptions);

  let authority: Promise<client.Configuration> | undefined;
  const tenants = new Map<string, Promise<client.Configuration>>();

  // Retried on the next request after a failure, so an authority that starts late is picked up.
  function authorityConfig(): Promise<client.Configuration> {
    authority ??= discover(options.discoveryUrl).catch((err: unknown) => {
      authority = undefined;
      throw failure(err);
    });
    return authority;
  }

  async function template(): Promise<string | undefined> {
    const { issuer } = (await authorityConfig()).serverMetadata();
    if (!issuer.includes(TENANT_TEMPLATE)) return undefined;
    if (new URL(issuer.replace(TENANT_TEMPLATE, 'x')).origin !== new URL(options.issuerUrl).origin) throw new AuthorityUnavailableError('the authority names an issuer on another host');
    return issuer;
  }

  async function tenantConfig(tenantId: string): Promise<client.Configuration> {
    const issuer = await template();
    if (issuer === undefined) return authorityConfig();
    if (!GUID.test(tenantId)) throw new GrantRefusedError('unknown_tenant');
    let config = tenants.get(tenantId);
    if (config === undefined) {
      if (tenants.size >= MAX_TENANT_CONFIGS) tenants.delete(tenants.keys().next().value ?? '');
      config = discover(issuer.replace(TENANT_TEMPLATE, tenantId)).catch((err: unknown) => {
        tenants.delete(tenantId);
        throw failure(err);
      });
      tenants.set(tenantId, config);
    }
    return config;
  }

  function callbackTenant(callbackUrl: URL): string {
    const info = callbackUrl.searchParams.get('client_info');
    if (info === null) throw new GrantRefusedError('missing_client_info');
    try {
      const { utid } = JSON.parse(Buffer.from(info, 'base64url').toString('utf8')) as { utid?: unknown };
      if (typeof utid === 'string' && GUID.test(utid)) return utid;
    } catch {
      // falls through
    }
    throw new GrantRefusedError('bad_client_info');
  }

  return {
    async authorizationUrl(tx, prompt) {
      const config = await authorityConfig();
      const params: Record<string, string> = {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        response_mode: 'query',
        code_challenge: await client.calculatePKCECodeChallenge(tx.verifier),
        code_challenge_method: 'S256',
        state: tx.state,
        nonce: tx.nonce,
        client_info: '1',
      };
      if (prompt !== undefined) params.prompt = prompt;
      return client.buildAuthorizationUrl(config, params);
    },

    async redeem(callbackUrl, tx) {
      try {
        const multiTenant = (await template()) !== undefined;
        const tenant = multiTenant ? callbackTenant(callbackUrl) : undefined;
        const config = tenant === undefined ? await authorityConfig() : await tenantConfig(tenant);
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: tx.verifier, expectedState: tx.state, expectedNonce: tx.nonce, idTokenExpected: true });
        const set = tokenSet(tokens);
        if (set.user === undefined || (tenant !== undefined && set.user.tenantId !== tenant)) throw new GrantRefusedError('unexpected_id_token');
        if (set.refreshToken === undefined) throw new GrantRefusedError('no_refresh_token');
        return { ...set, refreshToken: set.refreshToken, user: set.user };
      } catch (err) {
        if (err instanceof client.AuthorizationResponseError) throw new GrantRefusedError(err.error);
        // A check that failed (state, nonce, ID token claims...), unlike a transport problem.
        if (err instanceof client.ClientError && !TRANSPORT_CODES.has(err.code ?? '')) throw new GrantRefusedError('invalid_callback');
        throw failure(err);
      }
    },

    async refresh(refreshToken, tenantId) {
      try {
        const config = await tenantConfig(tenantId);
        const tokens = await client.refreshTokenGrant(config, refreshToken, { scope: options.scope });
        return tokenSet(tokens);
      } catch (err) {
        throw failure(err);
      }
    },

    async endSessionUrl(postLogoutRedirectUri, state) {
      const config = await authorityConfig();
      if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
      return client.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUri, state });
    },
  };
}
