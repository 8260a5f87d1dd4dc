/**
 * Test helpers for entra-guard: a throw-away CA, Entra-shaped signing keys and tokens, a local
 * HTTPS key server with fault injection, and loaders for the real-token fixtures.
 */
export { createTestCa, type TestCa } from './test-ca.js';
export {
  createSigningKey,
  createSigningKeys,
  DEFAULT_KEY_ISSUER,
  ORIGIN_PLACEHOLDER,
  type SigningKey,
  type SigningKeyOptions,
} from './signing-key.js';
export { b64u, signJwt, signRs256 } from './jwt.js';
export { accessTokenParts, mintAccessToken, type AccessTokenOptions } from './access-token.js';
export { idTokenParts, mintIdToken, type IdTokenOptions } from './id-token.js';
export type { TokenParts } from './token-parts.js';
export {
  TEST_API_CLIENT_ID,
  TEST_APP_OID,
  TEST_CLIENT_ID,
  TEST_DEFAULT_SCOPE,
  TEST_TENANT_ID,
  TEST_USER_NAME,
  TEST_USER_OID,
  TEST_USER_SUB,
  TEST_USER_UPN,
} from './test-identities.js';
export { startKeyServer, type KeyServer, type KeyServerOptions, type KeyServerRequest } from './key-server.js';
export type { Fault, FaultTarget } from './faults.js';
export { createTrustingFetch, type TrustingFetch } from './trusting-fetch.js';
export { fixturesDir, loadRealFixtures, type RealFixture, type RealFixtures } from './fixtures.js';
export { CONFORMANCE_GROUP, type ConformanceAppFactory, type ConformanceAppOptions, type RunningApp } from './conformance/contract.js';
