import type { EmulatorContext } from '../context.js';
import type { SigningKey } from '../keys/key-ring.js';
import { randomB64u } from './ids.js';
import { signGraphStyle, signJwt, type JsonObject } from './jwt.js';

/** Header of a token signed by `key`: v2 `{typ, alg, kid}`, v1 adds `x5t` before `kid` (spec §3.1). */
export function tokenHeader(key: SigningKey, version: 1 | 2): JsonObject {
  return version === 1 ? { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid } : { typ: 'JWT', alg: 'RS256', kid: key.kid };
}

/** Signs claims with the active key, in Entra's header shape for the version. */
export function signToken(ctx: EmulatorContext, claims: JsonObject, version: 1 | 2): string {
  const key = ctx.keys.active();
  return signJwt(tokenHeader(key, version), claims, { alg: 'RS256', key: key.privateKey });
}

/** Signs a Microsoft Graph token: v1 header with a `nonce`, signed over its hash (spec §3.1). */
export function signGraphToken(ctx: EmulatorContext, claims: JsonObject): string {
  const key = ctx.keys.active();
  return signGraphStyle({ typ: 'JWT', nonce: randomB64u(32), alg: 'RS256', x5t: key.kid, kid: key.kid }, claims, key.privateKey);
}
