import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeBase64Url } from '../token/base64url.js';

/** A verification key imported once from a JWK, ready for synchronous `crypto.verify`. */
export interface SigningKey {
  readonly kid: string;
  /** The certificate thumbprint (`x5t`); old v1 tokens name their key only by it. */
  readonly x5t: string | undefined;
  readonly key: KeyObject;
  /** The key's `issuer` member (Entra v2 key sets), possibly with the `{tenantid}` template. */
  readonly issuer: string | undefined;
  /** Length of the modulus in bytes: an RS256 signature must be exactly this long. */
  readonly modulusBytes: number;
}

export const MIN_MODULUS_BITS = 2048;
export const MAX_MODULUS_BITS = 4096;
const MAX_ID_LENGTH = 256;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

/**
 * Imports one JWK if, and only if, it is an RS256 signing key Entra could have published:
 * RSA, `use` absent or `sig`, `key_ops` absent or allowing `verify`, `alg` absent or RS256,
 * e = 65537, a 2048–4096-bit modulus. Anything else returns the reason it was skipped.
 */
export function importSigningKey(jwk: unknown): SigningKey | string {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'not an object';
  const k = jwk as Record<string, unknown>;
  if (k.kty !== 'RSA') return 'kty is not RSA';
  if (k.use !== undefined && k.use !== 'sig') return 'use is not sig';
  if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) return 'key_ops does not allow verify';
  if (k.alg !== undefined && k.alg !== 'RS256') return 'alg is not RS256';
  if (!isId(k.kid)) return 'kid is missing or invalid';
  if (k.x5t !== undefined && !isId(k.x5t)) return 'x5t is invalid';
  if (k.issuer !== undefined && typeof k.issuer !== 'string') return 'issuer is not a string';
  if (k.e !== 'AQAB') return 'exponent is not 65537';
  const n = typeof k.n === 'string' ? decodeBase64Url(k.n) : undefined;
  if (!n || n[0] === 0) return 'modulus is missing or not canonical';
  const bits = n.length * 8 - Math.clz32(n[0]!) + 24;
  if (bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) return `modulus is ${bits} bits`;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: k.n as string, e: 'AQAB' }, format: 'jwk' });
  } catch {
    return 'key does not import';
  }
  return Object.freeze({
    kid: k.kid,
    x5t: k.x5t as string | undefined,
    key,
    issuer: k.issuer as string | undefined,
    modulusBytes: n.length,
  });
}
