import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';

function invalid(detail: string): never {
  throw tokenError('EG_TOKEN_LIFETIME_INVALID', detail, { check: 'lifetime' });
}

function numericDate(value: unknown, name: string, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) invalid(`"${name}" claim is missing`);
    return undefined;
  }
  // JSON.parse turns 1e400 into Infinity, which a bare typeof check would let through.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) invalid(`"${name}" claim is not a valid NumericDate`);
  return value;
}

/** Times read from a token that passed the `lifetime` check, seconds. */
export interface Lifetime {
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly notBefore: number | undefined;
}

/**
 * The `lifetime` check: `exp` and `iat` required, `nbf` checked when present, all with the
 * configured skew; `iat` not in the future; `exp - iat` not beyond the maximum lifetime.
 */
export function checkLifetime(claims: Readonly<Record<string, unknown>>, nowSeconds: number, options: ResolvedOptions): Lifetime {
  const skew = options.clockSkewSeconds;
  const exp = numericDate(claims.exp, 'exp', true)!;
  const iat = numericDate(claims.iat, 'iat', true)!;
  const nbf = numericDate(claims.nbf, 'nbf', false);
  if (exp <= iat) invalid('"exp" is not after "iat"');
  if (exp - iat > options.maxTokenLifetimeSeconds) invalid('token lifetime exceeds maxTokenLifetimeSeconds');
  // RFC 7519: the token must not be accepted on or after exp.
  if (nowSeconds >= exp + skew) throw tokenError('EG_TOKEN_EXPIRED', 'token has expired', { check: 'lifetime' });
  if (nbf !== undefined && nowSeconds + skew < nbf) {
    throw tokenError('EG_TOKEN_NOT_YET_VALID', '"nbf" is in the future', { check: 'lifetime' });
  }
  if (nowSeconds + skew < iat) throw tokenError('EG_TOKEN_NOT_YET_VALID', '"iat" is in the future', { check: 'lifetime' });
  return { issuedAt: iat, expiresAt: exp, notBefore: nbf };
}
