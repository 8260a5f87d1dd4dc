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
  const list = raw.rawHeaders;
  if (!Array.isArray(list)) {
    // Not a Node request (a test double): the parsed header is all there is.
    const single = raw.headers.authorization;
    return typeof single === 'string' ? [single] : [];
  }
  const values: string[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = list[i];
    const value = list[i + 1];
    if (value !== undefined && name?.toLowerCase() === 'authorization') values.push(value);
  }
  return values;
}

/**
 * `access_token`, and the names a qs-style parser turns into it (`access_token[]`,
 * `access_token[x]`, and `access_token.x` with `allowDots`): what reaches the app depends on its
 * parser, so every spelling that may become an `access_token` counts. The same rule as the
 * Express adapter, so both answer these requests alike.
 *
 * @example
 * ```ts
 * isTokenParameter('access_token[]'); // true
 * isTokenParameter('access_tokens');  // false
 * ```
 */
export function isTokenParameter(name: string): boolean {
  if (!name.startsWith('access_token')) return false;
  const next = name.charAt('access_token'.length);
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

/**
 * True when the URL's query string names an `access_token` (any value, any type, empty included).
 * Reads the raw URL rather than `request.query`, so the answer does not depend on which
 * querystring parser the app configured.
 *
 * @example
 * ```ts
 * hasQueryCarrier('/orders?access_token=abc'); // true
 * hasQueryCarrier('/orders?token=abc');        // false
 * ```
 */
export function hasQueryCarrier(url: string | undefined): boolean {
  if (url === undefined) return false;
  const start = url.indexOf('?');
  if (start === -1) return false;
  for (const pair of url.slice(start + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (isTokenParameter(decodeName(eq === -1 ? pair : pair.slice(0, eq)))) return true;
  }
  return false;
}

/**
 * True when an object the app parsed (the query, or a JSON or form body) has a member named as
 * an `access_token` (see {@link isTokenParameter}), whatever its value. Strings and buffers are
 * not inspected: an unparsed body is the handler's business.
 *
 * @example
 * ```ts
 * hasParsedCarrier({ access_token: 'abc' }); // true
 * hasParsedCarrier('access_token=abc');      // false
 * ```
 */
export function hasParsedCarrier(parsed: unknown): boolean {
  if (typeof parsed !== 'object' || parsed === null || Buffer.isBuffer(parsed)) return false;
  // Object.keys, not `in`: form parsers build objects without a prototype, and inherited names don't count.
  return Object.keys(parsed).some(isTokenParameter);
}

/**
 * True when the request presents an `Authorization` header with something in it: the condition
 * under which a token anywhere else is a second carrier. A blank header is no credential at all.
 *
 * @example
 * ```ts
 * presentsAuthorization(['Bearer abc']); // true
 * presentsAuthorization(['']);           // false
 * ```
 */
export function presentsAuthorization(values: readonly string[]): boolean {
  return values.some((v) => v.trim().length > 0);
}
