/**
 * The floor: the least work that still checks an RS256 access token properly. Keys are fetched
 * once at start-up and imported into KeyObjects; each request does one synchronous
 * node:crypto verify plus the claim checks every candidate must make (alg, kid, signature,
 * exp/nbf, iss, aud). No cache, no extras: what any validator has to pay on a token it has
 * never seen.
 */
import { createPublicKey, verify } from 'node:crypto';

const SKEW_SECONDS = 300;

/**
 * @param {string} text base64url
 * @returns {any}
 */
function decodeJson(text) {
  return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
}

/**
 * Fetches the tenant's keys (discovery, then jwks_uri) and returns a verifier.
 *
 * @param {import('./config.mjs').ServerConfig} config
 * @returns {Promise<(authorization: string | undefined) => Record<string, unknown>>} throws on any bad token
 */
export async function createFloorVerifier(config) {
  const discovery = await (await fetch(config.metadataUrl)).json();
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  /** @type {Map<string, import('node:crypto').KeyObject>} */
  const keys = new Map();
  for (const jwk of jwks.keys) {
    if (jwk.kty === 'RSA' && typeof jwk.kid === 'string') keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }));
  }
  const { issuer, audience } = config;

  return function verifyAuthorization(authorization) {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) throw new Error('no bearer token');
    const token = authorization.slice(7);
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 <= dot1 || token.indexOf('.', dot2 + 1) !== -1) throw new Error('not a JWS');
    const header = decodeJson(token.slice(0, dot1));
    if (header.alg !== 'RS256') throw new Error('alg');
    const key = keys.get(header.kid);
    if (key === undefined) throw new Error('kid');
    const signature = Buffer.from(token.slice(dot2 + 1), 'base64url');
    if (!verify('sha256', Buffer.from(token.slice(0, dot2), 'latin1'), key, signature)) throw new Error('signature');
    const claims = decodeJson(token.slice(dot1 + 1, dot2));
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || now >= claims.exp + SKEW_SECONDS) throw new Error('expired');
    if (typeof claims.nbf === 'number' && now < claims.nbf - SKEW_SECONDS) throw new Error('not yet valid');
    if (claims.iss !== issuer) throw new Error('issuer');
    if (claims.aud !== audience) throw new Error('audience');
    return claims;
  };
}
