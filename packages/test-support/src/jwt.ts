import { constants, KeyObject, sign } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

/**
 * Base64url without padding. Strings are encoded as UTF-8, bytes as they are, and anything else
 * is `JSON.stringify`'d first — pass a string when the exact JSON text matters.
 */
export function b64u(input: string | Buffer | Uint8Array | object): string {
  if (typeof input === 'string') return Buffer.from(input, 'utf8').toString('base64url');
  if (input instanceof Uint8Array) return Buffer.from(input).toString('base64url');
  return Buffer.from(JSON.stringify(input), 'utf8').toString('base64url');
}

function privateKeyOf(key: KeyObject | SigningKey): KeyObject {
  return key instanceof KeyObject ? key : key.privateKey;
}

/**
 * Signs `signingInput` (normally `header.payload`) with RSASSA-PKCS1-v1_5 and returns the
 * base64url signature. `hash` is exposed so tests can make e.g. an RS256-labelled token that was
 * really signed with SHA-512.
 */
export function signRs256(signingInput: string, key: KeyObject | SigningKey, hash = 'sha256'): string {
  const signature = sign(hash, Buffer.from(signingInput, 'utf8'), {
    key: privateKeyOf(key),
    padding: constants.RSA_PKCS1_PADDING,
  });
  return signature.toString('base64url');
}

/**
 * Builds a compact JWS signed with RS256. A string header or payload is used as the exact JSON
 * text (so duplicate members, odd whitespace or invalid JSON are possible); objects are
 * serialised as given — nothing, not even `alg`, is added.
 */
export function signJwt(header: object | string, payload: object | string, key: KeyObject | SigningKey): string {
  const signingInput = `${b64u(header)}.${b64u(payload)}`;
  return `${signingInput}.${signRs256(signingInput, key)}`;
}
