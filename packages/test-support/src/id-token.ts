import { signJwt } from './jwt.js';
import type { SigningKey } from './signing-key.js';
import { TEST_CLIENT_ID, TEST_USER_NAME, TEST_USER_OID, TEST_USER_SUB, TEST_USER_UPN } from './test-identities.js';
import { entraOrder, nowSeconds, opaque, withOverrides, type TokenParts } from './token-parts.js';

/** Options for {@link mintIdToken}. */
export interface IdTokenOptions {
  key: SigningKey;
  /** Origin standing in for `https://login.microsoftonline.com`. */
  issuerOrigin: string;
  tenantId: string;
  /** The client the ID token was issued to, which becomes `aud`. Default {@link TEST_CLIENT_ID}. */
  clientId?: string;
  /** `nonce` claim. Default: random. */
  nonce?: string;
  /** "Now" in seconds. Default `Date.now()`, floored. */
  now?: number;
  /** Seconds from `now` to `exp`. Default 3600. */
  lifetimeSeconds?: number;
  /** Claims merged last; `undefined` deletes a claim. */
  claims?: Record<string, unknown>;
  /** Header members merged last; `undefined` deletes a member. */
  header?: Record<string, unknown>;
}

/** The header and payload {@link mintIdToken} would sign. */
export function idTokenParts(opts: IdTokenOptions): TokenParts {
  const now = opts.now ?? nowSeconds();
  const issuedAt = now - 300;
  const head = {
    aud: opts.clientId ?? TEST_CLIENT_ID,
    iss: `${opts.issuerOrigin}/${opts.tenantId}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: now + (opts.lifetimeSeconds ?? 3600),
  };
  // What separates an ID token from an access token: aud is the client, a nonce, and no azp/scp.
  const rest = {
    aio: opaque(48),
    name: TEST_USER_NAME,
    nonce: opts.nonce ?? opaque(16),
    oid: TEST_USER_OID,
    preferred_username: TEST_USER_UPN,
    rh: `0.${opaque(42)}.`,
    sub: TEST_USER_SUB,
    tid: opts.tenantId,
    uti: opaque(16),
    ver: '2.0',
  };
  return withOverrides({ header: { typ: 'JWT', alg: 'RS256', kid: opts.key.kid }, payload: entraOrder(head, rest) }, opts.header, opts.claims);
}

/**
 * Mints a v2 ID token (as returned to a client at sign-in), for checking that an API refuses an
 * ID token presented as an access token.
 */
export function mintIdToken(opts: IdTokenOptions): string {
  const { header, payload } = idTokenParts(opts);
  return signJwt(header, payload, opts.key);
}
