import { constants, createHash, createHmac, sign, verify, type KeyObject } from 'node:crypto';

/** JSON claims or header members. */
export type JsonObject = Record<string, unknown>;

const FIRST = ['aud', 'iss', 'iat', 'nbf', 'exp'];

/**
 * Entra's member order: `aud, iss, iat, nbf, exp`, then the rest alphabetically. Members whose
 * value is `undefined` are dropped, so builders can write optional claims inline.
 */
export function orderClaims(claims: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of FIRST) if (claims[k] !== undefined) out[k] = claims[k];
  for (const k of Object.keys(claims).filter((k) => !FIRST.includes(k)).sort()) if (claims[k] !== undefined) out[k] = claims[k];
  return out;
}

export function b64uJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** How a minted token is signed; the non-RS256 choices exist to test validators' refusals. */
export type SignatureKind = { readonly alg: 'RS256'; readonly key: KeyObject } | { readonly alg: 'none' } | { readonly alg: 'HS256'; readonly secret: string | Buffer };

/** Signs a JWT. The header's `alg` is set from `signature` unless the header already names one. */
export function signJwt(header: JsonObject, payload: JsonObject, signature: SignatureKind): string {
  const h = { ...header, alg: header.alg ?? signature.alg };
  const input = `${b64uJson(h)}.${b64uJson(payload)}`;
  switch (signature.alg) {
    case 'RS256':
      return `${input}.${sign('sha256', Buffer.from(input), signature.key).toString('base64url')}`;
    case 'HS256':
      return `${input}.${createHmac('sha256', signature.secret).update(input).digest('base64url')}`;
    case 'none':
      return `${input}.`;
  }
}

/**
 * Signs like Microsoft Graph: the header carries a `nonce`, but the signature covers the header
 * with that nonce replaced by base64url(SHA-256(nonce)). Only Graph knows to undo this, so
 * third-party validators fail on these tokens, as on real Graph tokens.
 */
export function signGraphStyle(header: JsonObject & { readonly nonce: string }, payload: JsonObject, key: KeyObject): string {
  const signedHeader = { ...header, nonce: graphNonceHash(header.nonce) };
  const signedInput = `${b64uJson(signedHeader)}.${b64uJson(payload)}`;
  const signature = sign('sha256', Buffer.from(signedInput), key).toString('base64url');
  return `${b64uJson(header)}.${b64uJson(payload)}.${signature}`;
}

export function graphNonceHash(nonce: string): string {
  return createHash('sha256').update(nonce).digest('base64url');
}

/** A JWT split into its parts; nothing is verified. */
export interface DecodedJwt {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly signingInput: string;
  readonly signature: Buffer;
}

function parseSegment(segment: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a compact JWS; undefined when it is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const [h = '', p = '', s = ''] = parts;
  const header = parseSegment(h);
  const payload = parseSegment(p);
  if (header === undefined || payload === undefined) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Checks an RS256 or PS256 signature (the algorithms MSAL and openid-client use for client assertions). */
export function verifySignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature);
  if (jwt.header.alg === 'PS256') {
    return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
  }
  return false;
}
