/**
 * Every error code entra-guard produces, with its HTTP status and the fixed public text that is
 * the only thing a client ever sees. The text never depends on the token, so nothing about the
 * token, the expected values or the keys can leak through it. docs/errors.md mirrors this table.
 */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  EG_REQUEST_MISSING_TOKEN: { status: 401, challenge: 'none', description: 'The request carries no bearer token.' },
  EG_REQUEST_DUPLICATE_CREDENTIALS: { status: 400, challenge: 'invalid_request', description: 'The request carries more than one set of credentials.' },
  EG_REQUEST_MALFORMED_AUTHORIZATION: { status: 401, challenge: 'invalid_token', description: 'The Authorization header is not a well-formed bearer token.' },
  EG_TOKEN_MALFORMED: { status: 401, challenge: 'invalid_token', description: 'The access token is malformed.' },
  EG_TOKEN_ENCRYPTED: { status: 401, challenge: 'invalid_token', description: 'Encrypted tokens are not accepted.' },
  EG_TOKEN_HEADER_REFUSED: { status: 401, challenge: 'invalid_token', description: 'The access token header is not accepted.' },
  EG_TOKEN_ALG_REFUSED: { status: 401, challenge: 'invalid_token', description: 'The access token signing algorithm is not accepted.' },
  EG_TOKEN_FOR_OTHER_RESOURCE: { status: 401, challenge: 'invalid_token', description: 'The access token was issued for another resource.' },
  EG_KEY_NOT_FOUND: { status: 401, challenge: 'invalid_token', description: 'The access token was not signed by a known key.' },
  EG_SIGNATURE_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token signature is invalid.' },
  EG_TOKEN_EXPIRED: { status: 401, challenge: 'invalid_token', description: 'The access token has expired.' },
  EG_TOKEN_NOT_YET_VALID: { status: 401, challenge: 'invalid_token', description: 'The access token is not yet valid.' },
  EG_TOKEN_LIFETIME_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token lifetime claims are invalid.' },
  EG_TOKEN_VERSION_REFUSED: { status: 401, challenge: 'invalid_token', description: 'The access token version is not accepted.' },
  EG_ISSUER_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token issuer is not accepted.' },
  EG_TENANT_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token tenant is invalid.' },
  EG_TENANT_NOT_ALLOWED: { status: 401, challenge: 'invalid_token', description: 'The access token tenant is not allowed.' },
  EG_PERSONAL_ACCOUNT_REFUSED: { status: 401, challenge: 'invalid_token', description: 'Personal Microsoft accounts are not accepted.' },
  EG_KEY_ISSUER_MISMATCH: { status: 401, challenge: 'invalid_token', description: 'The access token signing key is not valid for its issuer.' },
  EG_AUDIENCE_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token audience is not accepted.' },
  EG_NOT_ACCESS_TOKEN: { status: 401, challenge: 'invalid_token', description: 'The token is not an access token.' },
  EG_TOKEN_SHAPE_INVALID: { status: 401, challenge: 'invalid_token', description: 'The access token claims are inconsistent.' },
  EG_CLIENT_NOT_ALLOWED: { status: 403, challenge: 'insufficient_scope', description: 'The client application is not allowed.' },
  EG_CLIENT_AUTH_TOO_WEAK: { status: 403, challenge: 'insufficient_scope', description: 'The client application did not authenticate strongly enough.' },
  EG_GUEST_REFUSED: { status: 403, challenge: 'insufficient_scope', description: 'Guest users are not allowed.' },
  EG_NO_PERMISSIONS: { status: 403, challenge: 'insufficient_scope', description: 'The access token grants no permission to this API.' },
  EG_INSUFFICIENT_PERMISSIONS: { status: 403, challenge: 'insufficient_scope', description: 'The access token does not grant the required permissions.' },
  EG_GROUPS_OVERAGE: { status: 403, challenge: 'insufficient_scope', description: 'Group membership cannot be decided from the access token.' },
  EG_TENANT_MISMATCH: { status: 403, challenge: 'insufficient_scope', description: 'The request is about another tenant.' },
  EG_INSUFFICIENT_CLAIMS: { status: 401, challenge: 'insufficient_claims', description: 'Additional claims are required.' },
  EG_STEP_UP_REQUIRED: { status: 403, challenge: 'insufficient_scope', description: 'The request requires a stronger authentication.' },
  EG_TOKEN_REVOKED: { status: 401, challenge: 'invalid_token', description: 'The access token has been revoked.' },
  EG_REVOCATION_UNAVAILABLE: { status: 503, challenge: 'none', description: 'Revocation status is temporarily unavailable.' },
  EG_KEYS_UNAVAILABLE: { status: 503, challenge: 'none', description: 'The signing keys are temporarily unavailable.' },
};

/** What each code maps to on the wire. */
export interface ErrorCodeInfo {
  readonly status: 400 | 401 | 403 | 503;
  /** The RFC 6750 `error` parameter of the challenge, or `none` for a challenge without one. */
  readonly challenge: 'none' | 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'insufficient_claims';
  readonly description: string;
}

/** A stable entra-guard error code. */
export type ErrorCode =
  | 'EG_REQUEST_MISSING_TOKEN'
  | 'EG_REQUEST_DUPLICATE_CREDENTIALS'
  | 'EG_REQUEST_MALFORMED_AUTHORIZATION'
  | 'EG_TOKEN_MALFORMED'
  | 'EG_TOKEN_ENCRYPTED'
  | 'EG_TOKEN_HEADER_REFUSED'
  | 'EG_TOKEN_ALG_REFUSED'
  | 'EG_TOKEN_FOR_OTHER_RESOURCE'
  | 'EG_KEY_NOT_FOUND'
  | 'EG_SIGNATURE_INVALID'
  | 'EG_TOKEN_EXPIRED'
  | 'EG_TOKEN_NOT_YET_VALID'
  | 'EG_TOKEN_LIFETIME_INVALID'
  | 'EG_TOKEN_VERSION_REFUSED'
  | 'EG_ISSUER_INVALID'
  | 'EG_TENANT_INVALID'
  | 'EG_TENANT_NOT_ALLOWED'
  | 'EG_PERSONAL_ACCOUNT_REFUSED'
  | 'EG_KEY_ISSUER_MISMATCH'
  | 'EG_AUDIENCE_INVALID'
  | 'EG_NOT_ACCESS_TOKEN'
  | 'EG_TOKEN_SHAPE_INVALID'
  | 'EG_CLIENT_NOT_ALLOWED'
  | 'EG_CLIENT_AUTH_TOO_WEAK'
  | 'EG_GUEST_REFUSED'
  | 'EG_NO_PERMISSIONS'
  | 'EG_INSUFFICIENT_PERMISSIONS'
  | 'EG_GROUPS_OVERAGE'
  | 'EG_TENANT_MISMATCH'
  | 'EG_INSUFFICIENT_CLAIMS'
  | 'EG_STEP_UP_REQUIRED'
  | 'EG_TOKEN_REVOKED'
  | 'EG_REVOCATION_UNAVAILABLE'
  | 'EG_KEYS_UNAVAILABLE';

/** Looks up the wire mapping of a code. */
export function errorCodeInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}
