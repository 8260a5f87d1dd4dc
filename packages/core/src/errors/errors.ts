import { ERROR_CODES, type ErrorCode } from './codes.js';

// A registry-wide symbol, so `instanceof` works when two copies of the package are installed
// (a library and the app depending on different versions): the brand, not the prototype, decides.
const BRAND = Symbol.for('entra-guard.error.kinds');

type Branded = { [BRAND]?: readonly string[] };

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Branded)[BRAND];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** Extra, private context attached to an error. Never written to a response. */
export interface ErrorContext {
  /** The token check that failed, for diagnostics (`entra-guard explain`). */
  readonly check?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error entra-guard throws for a request it refuses.
 *
 * `message` is the fixed public description of `code`; the precise reason lives only in `detail`
 * (and `cause`), which are for logs and tooling and must never be sent to a client.
 */
export class EntraGuardError extends Error {
  static readonly kind: string = 'EntraGuardError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Private, precise reason. Never sent to clients. */
  declare readonly detail: string;
  /** The token check that failed, when the error comes from a token check. */
  readonly check: string | undefined;

  constructor(code: ErrorCode, detail: string, context: ErrorContext = {}) {
    super(ERROR_CODES[code].description, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.check = context.check;
    // Non-enumerable so a careless JSON.stringify(err) or spread does not copy it into a body.
    Object.defineProperty(this, 'detail', { value: detail, enumerable: false });
    const kinds: string[] = [];
    for (let c = new.target as unknown as { kind?: string } | null; c && c.kind; c = Object.getPrototypeOf(c)) {
      kinds.push(c.kind);
    }
    Object.defineProperty(this, BRAND, { value: Object.freeze(kinds), enumerable: false });
    this.name = (new.target as unknown as { kind: string }).kind;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, this.kind);
  }
}

/** 400: the request is malformed (for example two Authorization headers). */
export class InvalidRequestError extends EntraGuardError {
  static override readonly kind: string = 'InvalidRequestError';
}

/** 401 without an error code: the request carried no bearer token. */
export class MissingTokenError extends EntraGuardError {
  static override readonly kind: string = 'MissingTokenError';
}

/** 401 `invalid_token`: the token is not acceptable. */
export class InvalidTokenError extends EntraGuardError {
  static override readonly kind: string = 'InvalidTokenError';
}

/** 403 `insufficient_scope`: the token is valid but does not allow this request. */
export class ForbiddenError extends EntraGuardError {
  static override readonly kind: string = 'ForbiddenError';
  /** Scopes or permissions that would satisfy the request, for the challenge's `scope` parameter. */
  readonly requiredScopes: readonly string[];
  constructor(code: ErrorCode, detail: string, context: ErrorContext & { requiredScopes?: readonly string[] } = {}) {
    super(code, detail, context);
    this.requiredScopes = Object.freeze([...(context.requiredScopes ?? [])]);
  }
}

/** 401 `insufficient_claims`: a CAE-capable client must come back with more claims. */
export class InsufficientClaimsError extends EntraGuardError {
  static override readonly kind: string = 'InsufficientClaimsError';
  /** The claims request (Microsoft's format), as JSON text before base64 encoding. */
  readonly claims: string;
  /** Where the client re-authenticates: `{authority}/common/oauth2/authorize`. */
  readonly authorizationUri: string | undefined;
  constructor(code: ErrorCode, detail: string, context: ErrorContext & { claims: string; authorizationUri?: string }) {
    super(code, detail, context);
    this.claims = context.claims;
    this.authorizationUri = context.authorizationUri;
  }
}

/** 503: a dependency of validation is down (keys, revocation store). Retry later; never a 401. */
export class ServiceUnavailableError extends EntraGuardError {
  static override readonly kind: string = 'ServiceUnavailableError';
  readonly retryAfterSeconds: number;
  constructor(code: ErrorCode, detail: string, context: ErrorContext & { retryAfterSeconds?: number } = {}) {
    super(code, detail, context);
    this.retryAfterSeconds = context.retryAfterSeconds ?? 30;
  }
}

/** 503: signing keys could not be obtained and none are cached. Retry later. */
export class KeysUnavailableError extends ServiceUnavailableError {
  static override readonly kind: string = 'KeysUnavailableError';
  constructor(detail: string, context: ErrorContext & { retryAfterSeconds?: number } = {}) {
    super('EG_KEYS_UNAVAILABLE', detail, context);
  }
}

/** Builds the right subclass for a code whose class carries no extra data. */
export function tokenError(code: ErrorCode, detail: string, context: ErrorContext = {}): EntraGuardError {
  const info = ERROR_CODES[code];
  if (info.status === 403) return new ForbiddenError(code, detail, context);
  if (info.status === 400) return new InvalidRequestError(code, detail, context);
  if (info.challenge === 'none' && info.status === 401) return new MissingTokenError(code, detail, context);
  if (code === 'EG_KEYS_UNAVAILABLE') return new KeysUnavailableError(detail, context);
  if (info.status === 503) return new ServiceUnavailableError(code, detail, context);
  return new InvalidTokenError(code, detail, context);
}

/** True for any entra-guard error, from this copy of the package or another. */
export function isEntraGuardError(value: unknown): value is EntraGuardError {
  return hasKind(value, EntraGuardError.kind);
}
