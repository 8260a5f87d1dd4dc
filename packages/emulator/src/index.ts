// The whole public API of @entra-guard/emulator, on one screen.
export { startEmulator } from './server.js';
export type { Emulator, IdentityOptions } from './emulator.js';
export type { EmulatorMode, EmulatorOptions } from './options.js';
export type {
  AppRoleConfig,
  ApplicationConfig,
  CertificateConfig,
  EmulatorConfig,
  GrantsConfig,
  GroupConfig,
  RedirectUrisConfig,
  SecretConfig,
  ServicePrincipalConfig,
  TenantConfig,
  UserConfig,
} from './tenants/config-types.js';
export { DEMO, demoConfig } from './tenants/demo-directory.js';
export { GRAPH_APP_ID } from './tenants/graph.js';
export { ConfigError, validateConfig } from './tenants/validate-config.js';
export { loadConfig } from './load-config.js';
export { AADSTS, type AadstsEntry, type AadstsName } from './errors/aadsts.js';
export type { MintOptions, MintSignature } from './tokens/mint.js';
export type { FaultSpec } from './state/faults.js';
export type { LoggedRequest } from './state/request-log.js';
export type { RevokeInput } from './operations.js';
export { DEFAULT_DATA_DIR } from './keys/data-dir.js';
export { createTrustingFetch, type TrustingFetch } from './clients/trusting-fetch.js';
export type { MsalAuthInput, MsalConfiguration, MsalNetworkClient, MsalNetworkRequestOptions, MsalNetworkResponse } from './clients/msal.js';
export type { AbortSignalLikeShape, IdentityHttpClient, PipelineHeaders, PipelineRequestLike, PipelineResponseLike } from './clients/identity.js';
export type { OpenidCustomFetch, OpenidFetchOptions } from './clients/openid.js';
