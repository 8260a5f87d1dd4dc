import { tokenError } from '../errors/errors.js';

// RFC 6750 §2.1: "Bearer" 1*SP b64token. The scheme is case-insensitive (RFC 9110 §11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?: |$)/;

/**
 * Reads the token from an `Authorization` header value. No header, or another scheme
 * (`Basic ...`), is "no credentials" (401 without an error code); `Bearer` with anything but
 * exactly one b64token is a malformed credential.
 */
export function extractBearerToken(authorization: string | readonly string[] | undefined | null): string {
  if (Array.isArray(authorization)) {
    if (authorization.length > 1) {
      throw tokenError('EG_REQUEST_DUPLICATE_CREDENTIALS', 'more than one Authorization header', { check: 'request' });
    }
    return extractBearerToken(authorization[0]);
  }
  const value = typeof authorization === 'string' ? authorization.trim() : '';
  if (value.length === 0) throw tokenError('EG_REQUEST_MISSING_TOKEN', 'no Authorization header', { check: 'request' });
  const match = BEARER.exec(value);
  if (match) return match[1]!;
  if (/^Bearer(?:\s|$)/i.test(value)) {
    if (/^Bearer *$/i.test(value)) throw tokenError('EG_REQUEST_MISSING_TOKEN', 'empty bearer token', { check: 'request' });
    throw tokenError('EG_REQUEST_MALFORMED_AUTHORIZATION', 'Authorization is not "Bearer <token>"', { check: 'request' });
  }
  if (SCHEME.test(value)) throw tokenError('EG_REQUEST_MISSING_TOKEN', 'Authorization uses another scheme', { check: 'request' });
  throw tokenError('EG_REQUEST_MALFORMED_AUTHORIZATION', 'Authorization header has no scheme', { check: 'request' });
}

/**
 * The token of the common header shape, exactly `Bearer <token>` (one header, that spelling, one
 * space), with no checks at all: only good for a cache lookup, whose hits are strings that
 * passed every check. Anything else is undefined and goes through {@link extractBearerToken}.
 */
export function plainBearerToken(authorization: string | readonly string[] | undefined | null): string | undefined {
  const value = typeof authorization === 'string' ? authorization : Array.isArray(authorization) && authorization.length === 1 ? authorization[0] : undefined;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}
