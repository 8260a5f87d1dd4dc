/**
 * Hand-written jose validation, the way its README shows it: a remote JWK set and `jwtVerify`
 * with issuer, audience and the algorithm pinned. jose 6 verifies with WebCrypto, whose
 * `subtle.verify` runs on libuv's thread pool.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * @param {import('./config.mjs').ServerConfig} config
 * @returns {(authorization: string | undefined) => Promise<Record<string, unknown>>} rejects on any bad token
 */
export function createJoseVerifier(config) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  const options = { issuer: config.issuer, audience: config.audience, algorithms: ['RS256'], clockTolerance: 300 };
  return async function verifyAuthorization(authorization) {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) throw new Error('no bearer token');
    const { payload } = await jwtVerify(authorization.slice(7), jwks, options);
    return payload;
  };
}
