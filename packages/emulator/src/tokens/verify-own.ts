import type { EmulatorContext } from '../context.js';
import { b64uJson, decodeJwt, graphNonceHash, verifySignature, type DecodedJwt, type JsonObject } from './jwt.js';

/**
 * Checks that a token was signed by one of the emulator's published keys. Graph-style tokens
 * (header `nonce`) are checked the way Graph does, over the hashed nonce. Returns the decoded
 * token, or undefined when it is malformed or the signature does not verify. Claims are the
 * caller's business.
 */
export function verifyOwnToken(ctx: EmulatorContext, token: string): DecodedJwt | undefined {
  const jwt = decodeJwt(token);
  if (jwt === undefined || jwt.header.alg !== 'RS256' || typeof jwt.header.kid !== 'string') return undefined;
  const key = ctx.keys.findPublished(jwt.header.kid);
  if (key === undefined) return undefined;
  let checked = jwt;
  if (typeof jwt.header.nonce === 'string') {
    const header: JsonObject = { ...jwt.header, nonce: graphNonceHash(jwt.header.nonce) };
    const payloadPart = jwt.signingInput.split('.')[1] ?? '';
    checked = { ...jwt, signingInput: `${b64uJson(header)}.${payloadPart}` };
  }
  return verifySignature(checked, key.publicKey) ? jwt : undefined;
}
