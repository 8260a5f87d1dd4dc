import { InsufficientClaimsError, tokenError, type EntraGuardError } from '../errors/errors.js';
import { canHandleClaimsChallenge, claimsAuthorizationUri } from '../policy/denial-error.js';
import type { Principal } from '../principal/principal.js';
import type { RevocationDecision } from './revocation-store.js';

/**
 * The answer to a revoked token: a CAE-capable client (`cp1`) of a revoked user gets Microsoft's
 * claims challenge asking for a token issued after the revocation; everyone else a 401.
 */
export function revocationError(
  decision: Extract<RevocationDecision, { revoked: true }>,
  principal: Principal,
  authorityHost: string,
): EntraGuardError {
  const detail = `token revoked (${decision.reason})`;
  if (decision.reason === 'user' && decision.validFrom !== undefined && canHandleClaimsChallenge(principal)) {
    const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.ceil(decision.validFrom)) } } });
    return new InsufficientClaimsError('EG_INSUFFICIENT_CLAIMS', detail, {
      check: 'revocation',
      claims,
      authorizationUri: claimsAuthorizationUri(authorityHost),
    });
  }
  return tokenError('EG_TOKEN_REVOKED', detail, { check: 'revocation' });
}
