import { signJwt } from './jwt.js';
import type { SigningKey } from './signing-key.js';
import { TEST_APP_OID, TEST_CLIENT_ID, TEST_DEFAULT_SCOPE, TEST_USER_NAME, TEST_USER_OID, TEST_USER_SUB, TEST_USER_UPN } from './test-identities.js';
import { entraOrder, nowSeconds, opaque, withOverrides, type TokenParts } from './token-parts.js';

/** Options for {@link mintAccessToken}. */
export interface AccessTokenOptions {
  key: SigningKey;
  /** Origin standing in for `https://login.microsoftonline.com` (the key server's origin). */
  issuerOrigin: string;
  /** Token version (the API's `accessTokenAcceptedVersion`). Default `'2.0'`. */
  version?: '1.0' | '2.0';
  tenantId: string;
  audience: string;
  /** Calling application's id (`azp` / `appid`). Default {@link TEST_CLIENT_ID}. */
  clientId?: string;
  /** Delegated (`'user'`) or app-only (`'app'`) token. Default `'user'`. */
  kind?: 'user' | 'app';
  /** Delegated scopes (`scp`, user tokens only; empty omits it). Default `['Orders.Read']`. */
  scopes?: string[];
  /** App roles; the `roles` claim is present only when non-empty. */
  roles?: string[];
  /** "Now" in seconds. Default `Date.now()`, floored. */
  now?: number;
  /** Seconds from `now` to `exp`. Default 3600. */
  lifetimeSeconds?: number;
  /** Claims merged last (existing ones keep their position); `undefined` deletes a claim. */
  claims?: Record<string, unknown>;
  /** Header members merged last; `undefined` deletes a member. */
  header?: Record<string, unknown>;
}

/** v1 tokens are issued by the STS host whatever the origin of the endpoint that issued them. */
function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/**
 * The header and payload {@link mintAccessToken} would sign, for tests that want to modify
 * them further and sign with {@link signJwt}.
 */
export function accessTokenParts(opts: AccessTokenOptions): TokenParts {
  const version = opts.version ?? '2.0';
  const kind = opts.kind ?? 'user';
  const clientId = opts.clientId ?? TEST_CLIENT_ID;
  const now = opts.now ?? nowSeconds();
  const issuedAt = now - 300; // Entra backdates iat/nbf by five minutes to absorb clock skew.
  const v1 = version === '1.0';
  const iss = v1 ? v1Issuer(opts.tenantId) : `${opts.issuerOrigin}/${opts.tenantId}/v2.0`;

  // Overriding an app token's oid without naming sub keeps Entra's invariant sub === oid.
  const appOid = typeof opts.claims?.['oid'] === 'string' && !('sub' in opts.claims) ? opts.claims['oid'] : TEST_APP_OID;
  const rest: Record<string, unknown> = {
    aio: opaque(48),
    oid: kind === 'user' ? TEST_USER_OID : appOid,
    rh: `0.${opaque(42)}.`,
    sub: kind === 'user' ? TEST_USER_SUB : appOid,
    tid: opts.tenantId,
    uti: opaque(16),
    ver: version,
  };
  if (v1) {
    rest['appid'] = clientId;
    rest['appidacr'] = '1';
  } else {
    rest['azp'] = clientId;
    rest['azpacr'] = '1';
  }
  if (kind === 'user') {
    rest['name'] = TEST_USER_NAME;
    const scopes = opts.scopes ?? [TEST_DEFAULT_SCOPE];
    if (scopes.length > 0) rest['scp'] = scopes.join(' ');
    if (v1) {
      rest['unique_name'] = TEST_USER_UPN;
      rest['upn'] = TEST_USER_UPN;
    } else {
      rest['preferred_username'] = TEST_USER_UPN;
    }
  } else {
    rest['idtyp'] = 'app';
    if (v1) rest['idp'] = iss; // v1 app-only tokens name their own issuer as identity provider.
  }
  if (opts.roles !== undefined && opts.roles.length > 0) rest['roles'] = [...opts.roles];

  const head = { aud: opts.audience, iss, iat: issuedAt, nbf: issuedAt, exp: now + (opts.lifetimeSeconds ?? 3600) };
  const header = v1 ? { typ: 'JWT', alg: 'RS256', x5t: opts.key.kid, kid: opts.key.kid } : { typ: 'JWT', alg: 'RS256', kid: opts.key.kid };
  return withOverrides({ header, payload: entraOrder(head, rest) }, opts.header, opts.claims);
}

/**
 * Mints a well-formed, correctly signed access token shaped like Entra's: v2 (`azp`, issuer
 * `${issuerOrigin}/${tenantId}/v2.0`) or v1 (`appid`, issuer `https://sts.windows.net/${tenantId}/`),
 * delegated or app-only.
 */
export function mintAccessToken(opts: AccessTokenOptions): string {
  const { header, payload } = accessTokenParts(opts);
  return signJwt(header, payload, opts.key);
}
