/** Options of {@link protectedResourceMetadata}. */
export interface ProtectedResourceMetadataOptions {
  /** The API's resource identifier: its https base URL (RFC 9728 `resource`). */
  readonly resource: string;
  /** Authorization servers that issue tokens for it, e.g. `https://login.microsoftonline.com/{tenant}/v2.0`. */
  readonly authorizationServers: readonly string[];
  /** Scopes clients may request, e.g. `api://{clientId}/Orders.Read`. */
  readonly scopesSupported?: readonly string[];
  /** Human-readable name. */
  readonly resourceName?: string;
}

/** The RFC 9728 protected-resource metadata document. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly bearer_methods_supported: readonly ['header'];
  readonly resource_signing_alg_values_supported: readonly ['RS256'];
  readonly scopes_supported?: readonly string[];
  readonly resource_name?: string;
}

/** Where the document is served, relative to the resource (RFC 9728 §3). */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

function httpsUrl(value: unknown, option: string): string {
  if (typeof value !== 'string') throw new TypeError(`"${option}" must be a URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`"${option}" must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new TypeError(`"${option}" must use https`);
  }
  return value;
}

/**
 * Builds the RFC 9728 document an API serves at `/.well-known/oauth-protected-resource`, so
 * clients (MCP clients among them) can discover which Entra authority to ask for a token.
 */
export function protectedResourceMetadata(options: ProtectedResourceMetadataOptions): ProtectedResourceMetadata {
  const servers = options.authorizationServers;
  if (!Array.isArray(servers) || servers.length === 0) throw new TypeError('"authorizationServers" must list at least one URL');
  return Object.freeze({
    resource: httpsUrl(options.resource, 'resource'),
    authorization_servers: Object.freeze(servers.map((s, i) => httpsUrl(s, `authorizationServers[${i}]`))),
    bearer_methods_supported: ['header'] as const,
    resource_signing_alg_values_supported: ['RS256'] as const,
    ...(options.scopesSupported === undefined ? {} : { scopes_supported: Object.freeze([...options.scopesSupported]) }),
    ...(options.resourceName === undefined ? {} : { resource_name: options.resourceName }),
  });
}

/** The metadata URL for a resource, for the challenges' `resource_metadata` parameter. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  // RFC 9728 §3.1: the well-known segment goes between the host and the resource's path.
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}${PROTECTED_RESOURCE_PATH}${path}`;
}
