/**
 * The entra-guard options every entra-guard candidate (and the micro-benchmarks) use: one
 * tenant, the local key server as the authority, remote keys fetched through discovery with
 * the global fetch (which trusts the key server's CA through NODE_EXTRA_CA_CERTS), and the
 * default validated-token cache (10 000 entries).
 */

/**
 * @param {import('./config.mjs').ServerConfig} config
 * @param {{ tokenCache?: false | { maxEntries?: number } }} [overrides]
 * @returns {import('../../../packages/core/dist/index.js').EntraGuardOptions}
 */
export function entraOptions(config, overrides = {}) {
  return {
    clientId: config.audience,
    tenancy: { mode: 'single', tenantId: config.tenantId },
    cloud: { authorityHost: config.origin },
    ...overrides,
  };
}
