// The whole public API of @entra-guard/core, on one screen.
export { createEntraGuard, type EntraGuard } from './create-entra-guard.js';
export { authenticateForAdapter } from './adapter-authenticate.js';
export { isPromiseLike } from './maybe-promise.js';
export type {
  ClientAuthStrength,
  CloudOption,
  EntraGuardOptions,
  JsonWebKeySet,
  RemoteKeysOptions,
  StaticKeysOptions,
  TenancyOption,
} from './config/options.js';
export type { ResolvedOptions, ResolvedTenancy } from './config/resolve-options.js';
export { PERSONAL_ACCOUNT_TENANT } from './config/guid.js';
export type { AppPrincipal, ClientAuth, Principal, UserPrincipal } from './principal/principal.js';
export { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from './errors/codes.js';
export {
  EntraGuardError,
  ForbiddenError,
  InsufficientClaimsError,
  InvalidRequestError,
  InvalidTokenError,
  isEntraGuardError,
  KeysUnavailableError,
  MissingTokenError,
  ServiceUnavailableError,
  type ErrorContext,
} from './errors/errors.js';
export { toHttpResponse, type HttpErrorResponse, type HttpResponseOptions, type ProblemBody } from './errors/to-http.js';
export { formatBearerChallenge, type BearerChallenge } from './errors/bearer-challenge.js';
export { extractBearerToken } from './token/extract-bearer.js';
export { CHECKS, type CheckName } from './token/validate-token.js';
export { CHECK_DESCRIPTIONS, type ExplainedCheck, type Explanation } from './token/explain.js';
export { publishRefusal, publishRejected } from './events.js';
export {
  CHANNELS,
  type AuthenticatedEvent,
  type KeysFailedEvent,
  type KeysRefreshedEvent,
  type RejectedEvent,
} from './events.js';
export { RemoteKeyCache, type RemoteKeyCacheDeps } from './keys/remote-key-cache.js';
export type { Decision, Denial, MatchMode, Policy, PolicyContext, TenantSource } from './policy/policy.js';
export {
  allOf,
  anyOf,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type MatchOptions,
} from './policy/builders.js';
export { evaluatePolicy, isPolicy } from './policy/evaluate.js';
export { authContextClaims, canHandleClaimsChallenge, denialError } from './policy/denial-error.js';
export { noPermissionsError } from './policy/grants.js';
export { resourceAccess, type OwnedResource, type ResourceAccess } from './policy/ownership.js';
export type {
  RevocationDecision,
  RevocationQuery,
  RevocationStore,
  WritableRevocationStore,
} from './revocation/revocation-store.js';
export { InMemoryRevocationStore, type InMemoryRevocationStoreOptions } from './revocation/memory-revocation-store.js';
export { NOT_REVOKED } from './revocation/revocation-store.js';
export type { TokenCacheOptions } from './cache/token-cache.js';
export type { SharedTokenCache, SharedTokenCacheOptions } from './cache/shared-token-cache.js';
export { principalFromJson, principalToJson } from './principal/serialize.js';
export {
  PROTECTED_RESOURCE_PATH,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
} from './errors/protected-resource.js';
export {
  authorizationHeaderValues,
  isAccessTokenParameter,
  objectCarriesAccessToken,
  presentsAuthorization,
  queryCarriesAccessToken,
} from './token/credential-carriers.js';
