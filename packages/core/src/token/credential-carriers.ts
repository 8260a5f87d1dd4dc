/**
 * Where a request may carry an access token besides the Authorization header (RFC 6750 §2: a
 * client uses one method only). Shared by every adapter, so they refuse the same requests.
 */

const NAME = 'access_token';
const AUTHORIZATION = 'authorization';

/**
 * `access_token`, and the names a qs-style parser turns into it (`access_token[]`,
 * `access_token[x]`, `access_token.x` with `allowDots`): what reaches the app depends on its
 * parser, so every spelling that may become an `access_token` counts.
 */
export function isAccessTokenParameter(name: string): boolean {
  if (!name.startsWith(NAME)) return false;
  const next = name.charAt(NAME.length);
  return next === '' || next === '[' || next === '.';
}

// Form-style decoding of a parameter name; a malformed escape leaves the name as sent.
function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

/** True when a request target's query string names an `access_token` (any value or shape). */
export function queryCarriesAccessToken(url: string | undefined): boolean {
  if (url === undefined) return false;
  const start = url.indexOf('?');
  if (start < 0) return false;
  for (const pair of url.slice(start + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (isAccessTokenParameter(decodeName(eq < 0 ? pair : pair.slice(0, eq)))) return true;
  }
  return false;
}

/** True when an object the app parsed (query, JSON or form body) has an `access_token` member. */
export function objectCarriesAccessToken(parsed: unknown): boolean {
  if (typeof parsed !== 'object' || parsed === null || Buffer.isBuffer(parsed)) return false;
  // Object.keys, not `in`: form parsers build objects without a prototype; inherited names don't count.
  return Object.keys(parsed).some(isAccessTokenParameter);
}

/**
 * Every `Authorization` value in arrival order. Node keeps only the first of duplicated
 * Authorization headers in `headers`, which would hide a second credential; `rawHeaders` has all.
 */
export function authorizationHeaderValues(rawHeaders: readonly unknown[] | undefined, parsed: unknown): string[] {
  if (!Array.isArray(rawHeaders)) return typeof parsed === 'string' ? [parsed] : [];
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name: unknown = rawHeaders[i];
    const value: unknown = rawHeaders[i + 1];
    // Length first: most header names are not 13 characters, and lower-casing each one allocates.
    if (typeof name !== 'string' || name.length !== AUTHORIZATION.length || typeof value !== 'string') continue;
    if (name === 'Authorization' || name === AUTHORIZATION || name.toLowerCase() === AUTHORIZATION) values.push(value);
  }
  return values;
}

/** True when an Authorization header has something in it: only then is another carrier a second one. */
export function presentsAuthorization(values: readonly string[]): boolean {
  return values.some((v) => v.trim().length > 0);
}
