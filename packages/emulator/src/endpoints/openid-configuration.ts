import type { EmulatorContext } from '../context.js';
import type { Segment } from '../tenants/segment.js';
import { CONSUMERS_TENANT_ID } from '../tenants/segment.js';

const TEMPLATE = '{tenantid}';

const CLOUD = {
  cloud_instance_name: 'microsoftonline.com',
  cloud_graph_host_name: 'graph.windows.net',
  msgraph_host: 'graph.microsoft.com',
  rbac_url: 'https://pas.windows.net',
} as const;

/** Path segment and issuer tenant of a discovery document: the GUID for a tenant, else the literal segment and the template. */
function parts(segment: Segment): { readonly path: string; readonly issuerTenant: string; readonly region: string | null; readonly subRegion: string | undefined } {
  if (segment.kind === 'tenant') return { path: segment.tenant.id, issuerTenant: segment.tenant.id, region: segment.tenant.regionScope, subRegion: segment.tenant.regionSubScope };
  return { path: segment.kind, issuerTenant: segment.kind === 'consumers' ? CONSUMERS_TENANT_ID : TEMPLATE, region: null, subRegion: undefined };
}

/**
 * The v2 discovery document, member for member as Entra's (spec §2.2). Tenant-specific
 * documents use the GUID in every URL even when asked by domain (MSAL relies on it); `common`
 * and `organizations` keep the literal segment and carry the `{tenantid}` issuer template.
 */
export function v2Configuration(ctx: EmulatorContext, segment: Segment, appId?: string): Record<string, unknown> {
  const { path, issuerTenant, region, subRegion } = parts(segment);
  const at = (p: string): string => ctx.urls.endpoint(path, p);
  const issuer = ctx.urls.v2Issuer(issuerTenant);
  return {
    token_endpoint: at('/oauth2/v2.0/token'),
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: at(`/discovery/v2.0/keys${appId === undefined ? '' : `?appid=${encodeURIComponent(appId)}`}`),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: ctx.urls.userinfo,
    authorization_endpoint: at('/oauth2/v2.0/authorize'),
    device_authorization_endpoint: at('/oauth2/v2.0/devicecode'),
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: at('/oauth2/v2.0/logout'),
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: at('/kerberos'),
    tenant_region_scope: region,
    ...(subRegion === undefined ? {} : { tenant_region_sub_scope: subRegion }),
    ...CLOUD,
  };
}

/** The v1 discovery document (spec §2.3): what validators of v1 tokens read their issuer and keys from. */
export function v1Configuration(ctx: EmulatorContext, segment: Segment): Record<string, unknown> {
  const { path, issuerTenant, region } = parts(segment);
  const at = (p: string): string => ctx.urls.endpoint(path, p);
  return {
    token_endpoint: at('/oauth2/token'),
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: at('/discovery/keys'),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: ctx.urls.v1Issuer(issuerTenant),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: at('/oauth2/authorize'),
    device_authorization_endpoint: at('/oauth2/devicecode'),
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: at('/oauth2/logout'),
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: at('/oauth2/checksession'),
    userinfo_endpoint: at('/openid/userinfo'),
    kerberos_endpoint: at('/kerberos'),
    tenant_region_scope: region,
    ...CLOUD,
  };
}

/** The `issuer` member of v2 keys: the template by default, or the exact tenant issuer (`keyIssuer: "tenant"`). */
export function keyIssuer(ctx: EmulatorContext, segment: Segment): string {
  if (segment.kind === 'tenant' && ctx.options.keyIssuer === 'tenant') return ctx.urls.v2Issuer(segment.tenant.id);
  return ctx.urls.v2Issuer(segment.kind === 'consumers' ? CONSUMERS_TENANT_ID : TEMPLATE);
}
