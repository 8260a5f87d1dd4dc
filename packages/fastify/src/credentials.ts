import {
  authorizationHeaderValues,
  isAccessTokenParameter,
  objectCarriesAccessToken,
  presentsAuthorization,
  queryCarriesAccessToken,
} from '@entra-guard/core';

/**
 * Where a request carries credentials. RFC 6750 §2 lets a client use one method only; entra-guard
 * accepts the `Authorization` header alone, and treats a token in a second place (query string,
 * body) next to the header as a malformed request (400) rather than silently picking one.
 */

/**
 * The parts of Node's request object this module reads (http and http2 both have them).
 *
 * @example
 * ```ts
 * const raw: RawRequestLike = request.raw;
 * ```
 */
export interface RawRequestLike {
  readonly rawHeaders?: readonly string[];
  readonly headers: { readonly authorization?: string | undefined };
  readonly url?: string | undefined;
}

/**
 * Every `Authorization` header value, in arrival order. Node's `headers` keeps only the first of
 * duplicated `Authorization` headers, which would hide a second, conflicting credential; the raw
 * list keeps them all.
 *
 * @example
 * ```ts
 * const values = authorizationValues(request.raw); // ['Bearer a', 'Bearer b'] for two headers
 * await guard.authenticate(values);                 // rejects: EG_REQUEST_DUPLICATE_CREDENTIALS
 * ```
 */
export function authorizationValues(raw: RawRequestLike): string[] {
  // Not a Node request (a test double) has no rawHeaders: the parsed header is all there is.
  return authorizationHeaderValues(raw.rawHeaders, raw.headers.authorization);
}

/**
 * `access_token` and the names a qs-style parser turns into it; the rule is core's, shared with
 * the Express adapter so both answer these requests alike.
 *
 * @example
 * ```ts
 * isTokenParameter('access_token[]'); // true
 * isTokenParameter('access_tokens');  // false
 * ```
 */
export const isTokenParameter: (name: string) => boolean = isAccessTokenParameter;

/**
 * True when the URL's query string names an `access_token` (any value, any type, empty included).
 * Reads the raw URL rather than `request.query`, so the answer does not depend on the parser.
 *
 * @example
 * ```ts
 * hasQueryCarrier('/orders?access_token=abc'); // true
 * ```
 */
export const hasQueryCarrier: (url: string | undefined) => boolean = queryCarriesAccessToken;

/**
 * True when an object the app parsed (the query, or a JSON or form body) has an `access_token`
 * member, whatever its value; strings and buffers are not inspected.
 *
 * @example
 * ```ts
 * hasParsedCarrier({ access_token: 'abc' }); // true
 * ```
 */
export const hasParsedCarrier: (parsed: unknown) => boolean = objectCarriesAccessToken;

/**
 * True when the request presents an `Authorization` header with something in it.
 *
 * @example
 * ```ts
 * presentsAuthorization(['']); // false
 * ```
 */
export { presentsAuthorization };
