import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';
import type { KeySelector } from '../../keys/key-set.js';

// The only members Entra puts in an access-token header. Everything else (crit, b64, jku, x5u,
// jwk, x5c, zip, enc, cty, ...) would change how the token must be processed, so it is refused.
const ALLOWED = new Set(['alg', 'typ', 'kid', 'x5t']);
const ID = /^[\x21-\x7e]{1,256}$/;

function refuse(detail: string): never {
  throw tokenError('EG_TOKEN_HEADER_REFUSED', detail, { check: 'header' });
}

function id(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ID.test(value)) refuse(`header "${name}" is not a valid key id`);
  return value;
}

function typeAccepted(typ: unknown, options: ResolvedOptions): boolean {
  if (typ === undefined) return true;
  if (typeof typ !== 'string') return false;
  const t = typ.toLowerCase();
  if (t === 'jwt' || t === 'application/jwt') return true;
  return options.acceptAtJwtType && (t === 'at+jwt' || t === 'application/at+jwt');
}

/** The `header` check: algorithm, allowed members, `typ`, and which key signed the token. */
export function checkHeader(header: Readonly<Record<string, unknown>>, options: ResolvedOptions): KeySelector {
  if (header.alg !== 'RS256') {
    throw tokenError('EG_TOKEN_ALG_REFUSED', 'header "alg" is not RS256', { check: 'header' });
  }
  if (header.nonce !== undefined) {
    // Microsoft Graph tokens carry a header nonce: they are for Graph, never for this API.
    throw tokenError('EG_TOKEN_FOR_OTHER_RESOURCE', 'header "nonce" marks a Microsoft Graph token', { check: 'header' });
  }
  for (const name of Object.keys(header)) {
    // JSON-escaped: the name is attacker text and details end up in logs (no CR/LF injection).
    if (!ALLOWED.has(name)) refuse(`header member ${JSON.stringify(name.slice(0, 32))} is not accepted`);
  }
  if (!typeAccepted(header.typ, options)) refuse('header "typ" is not JWT');
  const kid = id(header.kid, 'kid');
  const x5t = id(header.x5t, 'x5t');
  if (kid !== undefined && x5t !== undefined && kid !== x5t) refuse('header "kid" and "x5t" name different keys');
  if (kid === undefined && x5t === undefined) refuse('header names no key ("kid" or "x5t")');
  return { kid, x5t };
}
