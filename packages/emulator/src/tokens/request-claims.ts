/** What a request's `claims` parameter asks of the tokens (OIDC §5.5, Entra's use of it). */
export interface RequestClaims {
  /** Client capabilities (`xms_cc`), e.g. `cp1` for CAE. */
  readonly clientCapabilities: readonly string[];
  /** Authentication-context ids the access token must satisfy (`acrs`). */
  readonly authContexts: readonly string[];
  /** Optional ID-token claims requested by name (MSAL asks for `login_hint`, `sid`...). */
  readonly idTokenClaims: readonly string[];
}

export const NO_REQUEST_CLAIMS: RequestClaims = Object.freeze({ clientCapabilities: [], authContexts: [], idTokenClaims: [] });

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function valuesOf(request: unknown): string[] {
  const values = member(request, 'values');
  if (Array.isArray(values)) return values.filter((v): v is string => typeof v === 'string');
  const value = member(request, 'value');
  return typeof value === 'string' ? [value] : [];
}

/**
 * Reads the `claims` JSON. Malformed JSON is ignored, as the parts Entra does not understand
 * are: a client must never fail because it asked for too much.
 */
export function parseRequestClaims(raw: string | undefined): RequestClaims {
  if (raw === undefined || raw.length === 0) return NO_REQUEST_CLAIMS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return NO_REQUEST_CLAIMS;
  }
  const access = member(parsed, 'access_token');
  const idToken = member(parsed, 'id_token');
  return {
    clientCapabilities: valuesOf(member(access, 'xms_cc')),
    authContexts: valuesOf(member(access, 'acrs')),
    idTokenClaims: typeof idToken === 'object' && idToken !== null ? Object.keys(idToken) : [],
  };
}

/** Merges the claims of a new request into those of the original sign-in. */
export function mergeRequestClaims(a: RequestClaims, b: RequestClaims): RequestClaims {
  const union = (x: readonly string[], y: readonly string[]): string[] => [...new Set([...x, ...y])];
  return {
    clientCapabilities: union(a.clientCapabilities, b.clientCapabilities),
    authContexts: union(a.authContexts, b.authContexts),
    idTokenClaims: union(a.idTokenClaims, b.idTokenClaims),
  };
}
