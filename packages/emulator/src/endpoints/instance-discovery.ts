import type { EmulatorContext } from '../context.js';
import { ENTRA_ORIGIN } from '../context.js';
import { EntraError } from '../errors/entra-error.js';

// Entra's real cloud list (spec §2.1), returned for authorities on Microsoft hosts.
const PUBLIC_METADATA = [
  { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] },
  { preferred_network: 'login.partner.microsoftonline.cn', preferred_cache: 'login.partner.microsoftonline.cn', aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'] },
  { preferred_network: 'login.microsoftonline.de', preferred_cache: 'login.microsoftonline.de', aliases: ['login.microsoftonline.de'] },
  { preferred_network: 'login.microsoftonline.us', preferred_cache: 'login.microsoftonline.us', aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'] },
  { preferred_network: 'login-us.microsoftonline.com', preferred_cache: 'login-us.microsoftonline.com', aliases: ['login-us.microsoftonline.com'] },
];

/**
 * `GET /common/discovery/instance` (spec §2.1). MSAL sends it to login.microsoftonline.com, so
 * the emulator sees it only through an injected transport. An authority on the emulator's own
 * host gets a single entry naming that host; other hosts get the real list.
 */
export function instanceDiscovery(ctx: EmulatorContext, query: Readonly<Record<string, string>>): unknown {
  const endpoint = query.authorization_endpoint;
  let url: URL;
  try {
    url = new URL(endpoint ?? '');
  } catch {
    throw new EntraError('invalidInstance');
  }
  const tenant = url.pathname.split('/')[1] ?? 'common';
  const own = new Set([new URL(ctx.urls.localOrigin).host, new URL(ctx.urls.publicOrigin).host]);
  const origin = own.has(url.host) ? url.origin : ENTRA_ORIGIN;
  return {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: own.has(url.host) && url.origin !== ENTRA_ORIGIN ? [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }] : PUBLIC_METADATA,
  };
}
