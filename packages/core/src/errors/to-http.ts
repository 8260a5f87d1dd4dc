import { ERROR_CODES } from './codes.js';
import { formatBearerChallenge, type BearerChallenge } from './bearer-challenge.js';
import { ForbiddenError, InsufficientClaimsError, isEntraGuardError, ServiceUnavailableError } from './errors.js';

/** An RFC 9457 problem document with fixed, generic text. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

/** What an adapter writes out: nothing else about the error reaches the client. */
export interface HttpErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemBody;
}

/** Options for {@link toHttpResponse}. */
export interface HttpResponseOptions {
  /** The `realm` of every challenge. Default `api`. */
  readonly realm?: string;
  /** `authorization_uri` for claims challenges (Microsoft's format requires it). */
  readonly authorizationUri?: string;
  /** RFC 9728 protected-resource metadata URL, added as `resource_metadata` to 401 challenges. */
  readonly resourceMetadataUrl?: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(status: number, code: string, detail: string): ProblemBody {
  return { type: `urn:entra-guard:error:${code}`, title: TITLES[status] ?? 'Error', status, detail, code };
}

/**
 * Maps any error to the response an API should send: RFC 6750 challenge, RFC 9457 body.
 *
 * @example
 * ```ts
 * const { status, headers, body } = toHttpResponse(err);
 * res.writeHead(status, headers).end(JSON.stringify(body));
 * ```
 */
export function toHttpResponse(error: unknown, options: HttpResponseOptions = {}): HttpErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', 'cache-control': 'no-store' };
  if (!isEntraGuardError(error)) {
    return { status: 500, headers, body: problem(500, 'EG_INTERNAL', 'The request could not be processed.') };
  }
  const info = ERROR_CODES[error.code];
  const realm = options.realm ?? 'api';
  const challenge: { -readonly [K in keyof BearerChallenge]: BearerChallenge[K] } = { realm };
  if (info.challenge !== 'none') {
    challenge.error = info.challenge;
    challenge.errorDescription = info.description;
  }
  if (error instanceof ForbiddenError && error.requiredScopes.length > 0) {
    challenge.scope = error.requiredScopes.join(' ');
  }
  if (error instanceof InsufficientClaimsError) {
    // Microsoft's claims-challenge format: realm, authorization_uri, error, claims (minified, base64).
    challenge.realm = options.realm ?? '';
    const authorizationUri = error.authorizationUri ?? options.authorizationUri;
    if (authorizationUri !== undefined) challenge.authorizationUri = authorizationUri;
    delete challenge.errorDescription;
    challenge.claims = Buffer.from(error.claims, 'utf8').toString('base64');
  }
  if (error.status === 401 && options.resourceMetadataUrl !== undefined) {
    challenge.resourceMetadata = options.resourceMetadataUrl;
  }
  if (error instanceof ServiceUnavailableError) {
    headers['retry-after'] = String(error.retryAfterSeconds);
  } else {
    headers['www-authenticate'] = formatBearerChallenge(challenge);
  }
  return { status: error.status, headers, body: problem(error.status, error.code, info.description) };
}
