/**
 * Entra's URL layout and discovery documents, reproduced for a local origin.
 *
 * Member order and values follow the real login.microsoftonline.com documents, except that every
 * URL on the login host points at the test server's origin instead.
 */

/** Which endpoint a request path addresses. */
export type EntraRoute =
  | { kind: 'discovery'; version: '1.0' | '2.0'; tenant: string }
  | { kind: 'keys'; version: '1.0' | '2.0'; tenant: string };

const ROUTES: ReadonlyArray<{ pattern: RegExp; kind: EntraRoute['kind']; version: '1.0' | '2.0' }> = [
  { pattern: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, kind: 'discovery', version: '2.0' },
  { pattern: /^\/([^/]+)\/\.well-known\/openid-configuration$/, kind: 'discovery', version: '1.0' },
  { pattern: /^\/([^/]+)\/discovery\/v2\.0\/keys$/, kind: 'keys', version: '2.0' },
  { pattern: /^\/([^/]+)\/discovery\/keys$/, kind: 'keys', version: '1.0' },
];

/** Maps a URL path (without query) to the Entra endpoint it names, or `undefined`. */
export function matchRoute(pathname: string): EntraRoute | undefined {
  for (const { pattern, kind, version } of ROUTES) {
    const tenant = pattern.exec(pathname)?.[1];
    if (tenant === undefined) continue;
    try {
      return { kind, version, tenant: decodeURIComponent(tenant) };
    } catch {
      return undefined; // A malformed %-escape cannot name any tenant.
    }
  }
  return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * A tenant path segment, resolved: `tid` is the tenant id, or `null` for the multi-tenant aliases
 * whose documents carry the literal `{tenantid}` issuer template.
 */
export interface ResolvedTenant {
  readonly segment: string;
  readonly tid: string | null;
}

/**
 * Resolves a tenant segment. Only GUIDs and the aliases are known here (Entra also resolves
 * verified domain names, which a local server cannot); anything else is `undefined`.
 */
export function resolveTenant(segment: string): ResolvedTenant | undefined {
  const lower = segment.toLowerCase();
  // Entra answers with the canonical lower-case tenant id whatever case the URL used.
  if (GUID.test(segment)) return { segment: lower, tid: lower };
  if (MULTI_TENANT_ALIASES.has(lower)) return { segment: lower, tid: null };
  return undefined;
}

const V2_CLAIMS = ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'];
const V1_CLAIMS = ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'];
const AUTH_METHODS = ['client_secret_post', 'private_key_jwt', 'client_secret_basic'];

/** The members that are the same in both versions and come last in Entra's documents. */
function cloudMembers(base: string, tenant: ResolvedTenant): Record<string, unknown> {
  return {
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: tenant.tid === null ? null : 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** The v2.0 document served at `/{tenant}/v2.0/.well-known/openid-configuration`. */
export function v2DiscoveryDocument(origin: string, tenant: ResolvedTenant): Record<string, unknown> {
  const base = `${origin}/${tenant.segment}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${tenant.tid ?? '{tenantid}'}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: V2_CLAIMS,
    ...cloudMembers(base, tenant),
  };
}

/** The v1 document served at `/{tenant}/.well-known/openid-configuration`. */
export function v1DiscoveryDocument(origin: string, tenant: ResolvedTenant): Record<string, unknown> {
  const base = `${origin}/${tenant.segment}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    jwks_uri: `${base}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    // v1 tokens are issued by the STS host, not by the login origin that serves this document.
    issuer: `https://sts.windows.net/${tenant.tid ?? '{tenantid}'}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: V1_CLAIMS,
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    ...cloudMembers(base, tenant),
  };
}
