import type { ResolvedCloud } from '../config/clouds.js';
import { FetchJsonError } from './fetch-json.js';

/** The issuer of each token version, possibly holding the `{tenantid}` template. */
export interface IssuerTemplates {
  /** Undefined when v1 tokens are not accepted (their metadata is then never fetched). */
  readonly '1.0': string | undefined;
  readonly '2.0': string;
}

export const TENANT_TEMPLATE = '{tenantid}';

/** The authority path segment that serves metadata for the configured tenancy. */
export function authoritySegment(tenantId: string | undefined, allowPersonalAccounts: boolean): string {
  if (tenantId !== undefined) return tenantId;
  return allowPersonalAccounts ? 'common' : 'organizations';
}

/** Metadata URLs of one authority: Entra's exact paths. */
export function discoveryUrls(cloud: ResolvedCloud, segment: string): { readonly v2: string; readonly v1: string } {
  return {
    v2: `${cloud.authorityHost}/${segment}/v2.0/.well-known/openid-configuration`,
    v1: `${cloud.authorityHost}/${segment}/.well-known/openid-configuration`,
  };
}

/** The issuers expected when nothing is fetched (static keys). */
export function issuerTemplatesFor(cloud: ResolvedCloud, tenantId: string | undefined): { readonly '1.0': string; readonly '2.0': string } {
  const t = tenantId ?? TENANT_TEMPLATE;
  return { '2.0': `${cloud.v2IssuerOrigin}/${t}/v2.0`, '1.0': `${cloud.v1IssuerOrigin}/${t}/` };
}

/**
 * Checks a discovery document against the configured authority: its issuer must be exactly the
 * one this cloud and tenancy produce, and its `jwks_uri` must be https on the authority's own
 * origin. A tampered or foreign document is refused, never used to widen what is accepted.
 */
export function checkDiscovery(
  doc: Record<string, unknown>,
  version: '1.0' | '2.0',
  cloud: ResolvedCloud,
  tenantId: string | undefined,
): { readonly issuer: string; readonly jwksUri: string } {
  const expected = issuerTemplatesFor(cloud, tenantId)[version];
  if (doc.issuer !== expected) throw new FetchJsonError(`v${version} discovery issuer is not the configured authority's`);
  const jwksUri = doc.jwks_uri;
  if (typeof jwksUri !== 'string') throw new FetchJsonError(`v${version} discovery has no jwks_uri`);
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw new FetchJsonError(`v${version} discovery jwks_uri is not a URL`);
  }
  if (url.protocol !== 'https:' || url.origin !== cloud.authorityHost) {
    throw new FetchJsonError(`v${version} discovery jwks_uri is not on the authority host`);
  }
  return { issuer: expected, jwksUri: url.href };
}
