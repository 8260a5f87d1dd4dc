import type { UnverifiedToken } from './decode-unverified.js';

/** What a hint may use: the unverified token and how the CLI was configured. */
export interface HintContext {
  readonly token: UnverifiedToken;
  readonly authorityHost: string;
  /** True when keys came from `--jwks`. */
  readonly offline: boolean;
  /** The `--tenant`, in single-tenant mode. */
  readonly tenantId?: string | undefined;
}

/** A claim or header member as text, or undefined when it is not a string or number. */
export function shown(record: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const v = record?.[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** Seconds since the epoch as an ISO time, or undefined. */
export function isoTime(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('.000Z', 'Z');
}

type Hint = (c: Readonly<Record<string, unknown>> | undefined, ctx: HintContext) => string | undefined;

const HINTS: Readonly<Record<string, Hint>> = {
  EG_AUDIENCE_INVALID: (c) => {
    const aud = shown(c, 'aud');
    return aud === undefined ? 'the token has no single aud string' : `the token's aud is ${aud}; pass --audience ${aud} if this API should accept it`;
  },
  EG_TENANT_NOT_ALLOWED: (c, ctx) => {
    const tid = shown(c, 'tid') ?? '?';
    if (ctx.tenantId !== undefined) {
      return `the token's tid is ${tid}, not --tenant ${ctx.tenantId}; pass --tenant ${tid} if this API should accept that tenant`;
    }
    return `the token's tid is ${tid}; pass --allowed-tenant ${tid} if this API should accept that tenant`;
  },
  EG_TOKEN_VERSION_REFUSED: (c) => `the token's ver is ${shown(c, 'ver') ?? '(missing)'}; --accept-version chooses the versions accepted`,
  EG_ISSUER_INVALID: (c, ctx) => `the token's iss is ${shown(c, 'iss') ?? '(missing)'}; it must be the v${shown(c, 'ver') ?? '?'} issuer of its tenant at ${ctx.authorityHost} (check --authority-host)`,
  EG_TENANT_INVALID: (c) => `the token's tid is ${shown(c, 'tid') ?? '(missing)'}; it must be a lower-case GUID and the tenant named in iss`,
  EG_TOKEN_EXPIRED: (c) =>
    `the token expired at ${isoTime(c?.['exp']) ?? '?'}; get a new token, or pass --at <unix-seconds> to check it at an earlier time`,
  EG_TOKEN_NOT_YET_VALID: (c) =>
    `the token is valid from ${isoTime(c?.['nbf'] ?? c?.['iat']) ?? '?'}; check this machine's clock, or pass --at or --clock-skew`,
  EG_TOKEN_LIFETIME_INVALID: () => 'exp and iat must be numbers and exp - iat within the maximum; --max-lifetime raises the maximum',
  EG_KEY_NOT_FOUND: (_c, ctx) =>
    ctx.offline
      ? 'the --jwks file holds no key with the token\'s kid/x5t; use the key set of the token\'s issuer'
      : `${ctx.authorityHost} publishes no key with the token's kid; the token may come from another cloud or a test issuer (pass --jwks FILE for other keys)`,
  EG_SIGNATURE_INVALID: () => 'the token was altered after signing, or another key has the same id; a Microsoft Graph token never verifies outside Graph',
  EG_KEY_ISSUER_MISMATCH: () => 'the signing key is published for another issuer (another tenant or cloud)',
  EG_TOKEN_ALG_REFUSED: (_c, ctx) =>
    `the token's alg is ${shown(ctx.token.header, 'alg') ?? '(missing)'}; Entra signs access tokens with RS256, so this token is unsigned or not from Entra`,
  EG_TOKEN_HEADER_REFUSED: () => 'the header has members Entra never sends; this token was not issued by Entra as it is',
  EG_TOKEN_FOR_OTHER_RESOURCE: () => "this token is for another API (such as Microsoft Graph); request a token for this API's scope (api://<client-id>/.default)",
  EG_NOT_ACCESS_TOKEN: () => "this is not an access token (an ID token names no azp/appid); request an access token for this API's scope (api://<client-id>/.default)",
  EG_TOKEN_MALFORMED: () => 'pass the compact token only: three base64url parts separated by dots, without quotes',
  EG_TOKEN_ENCRYPTED: () => 'the token is encrypted (JWE) for another party; APIs receive signed tokens only',
  EG_PERSONAL_ACCOUNT_REFUSED: () => 'personal Microsoft account tokens are not accepted',
  EG_KEYS_UNAVAILABLE: (_c, ctx) =>
    `no signing keys could be fetched from ${ctx.authorityHost}; check the network, --authority-host and NODE_EXTRA_CA_CERTS, or pass --jwks FILE`,
};

/** A one-line suggestion of what to change for a failure code, when there is one. */
export function hintFor(code: string, ctx: HintContext): string | undefined {
  return HINTS[code]?.(ctx.token.claims, ctx);
}
