import type { Request } from 'express';

// RFC 6750 §2.2 and §2.3 name `access_token` for the form-body and query carriers.
const NAME = 'access_token';

/**
 * True for `access_token` and the names `qs` turns into it (`access_token[]`, `access_token[x]`;
 * `access_token.x` with `allowDots`), so the answer does not depend on the app's query parser.
 */
export function isAccessTokenName(name: string): boolean {
  if (!name.startsWith(NAME)) return false;
  const next = name.charAt(NAME.length);
  return next === '' || next === '[' || next === '.';
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

/** True when the request target's query string names an `access_token` parameter (any shape). */
export function queryCarriesToken(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0) return false;
  for (const pair of url.slice(start + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (isAccessTokenName(decodeName(eq < 0 ? pair : pair.slice(0, eq)))) return true;
  }
  return false;
}

/** True when an already-parsed body (JSON or urlencoded) has an `access_token` member. */
export function bodyCarriesToken(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return false;
  return Object.keys(body).some(isAccessTokenName);
}

/**
 * Every `Authorization` value the client sent, in order. Node folds duplicates of this header
 * into the first one in `req.headers`, so two headers are only visible in `req.rawHeaders`.
 */
export function authorizationValues(req: Request): string[] {
  const raw: unknown = req.rawHeaders;
  if (!Array.isArray(raw)) {
    const single = req.headers.authorization;
    return single === undefined ? [] : [single];
  }
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name: unknown = raw[i];
    const value: unknown = raw[i + 1];
    if (typeof name === 'string' && typeof value === 'string' && name.toLowerCase() === 'authorization') values.push(value);
  }
  return values;
}

function parsedQueryCarriesToken(req: Request): boolean {
  try {
    // Express 5 parses `req.query` lazily with the app's parser, which may throw on odd input.
    const query: unknown = req.query;
    return typeof query === 'object' && query !== null && Object.keys(query).some(isAccessTokenName);
  } catch {
    return false;
  }
}

/**
 * RFC 6750 §2: "clients MUST NOT use more than one method to transmit the token". True when the
 * request has an Authorization header and also an `access_token` in the query or parsed body.
 * Alone, those carriers are never read, so they need no refusal: the request is simply
 * unauthenticated.
 */
export function hasSecondCarrier(req: Request, authorization: readonly string[]): boolean {
  if (!authorization.some((v) => v.trim().length > 0)) return false;
  return queryCarriesToken(req.originalUrl ?? req.url) || parsedQueryCarriesToken(req) || bodyCarriesToken(req.body);
}
