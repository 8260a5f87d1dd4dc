import { ForbiddenError, InsufficientClaimsError, type EntraGuardError } from '../errors/errors.js';
import type { Principal } from '../principal/principal.js';
import type { Denial } from './policy.js';

/** True when the client told Entra it can handle claims challenges (`xms_cc` contains `cp1`). */
export function canHandleClaimsChallenge(principal: Principal): boolean {
  return principal.clientCapabilities.has('cp1');
}

/** Microsoft's claims-challenge `authorization_uri` for an authority host (tenant-independent, realm ""). */
export function claimsAuthorizationUri(authorityHost: string): string {
  return `${authorityHost}/common/oauth2/authorize`;
}

/** The claims request asking for authentication contexts, minified as Microsoft requires. */
export function authContextClaims(contexts: readonly string[]): string {
  const acrs = contexts.length === 1 ? { essential: true, value: contexts[0] } : { essential: true, values: contexts };
  return JSON.stringify({ access_token: { acrs } });
}

/**
 * Turns a policy denial into the error the API answers with: a step-up becomes a 401 claims
 * challenge for clients that handle it (`cp1`) and a 403 for the others; everything else is a
 * 403 naming what would have been enough.
 */
export function denialError(denial: Denial, principal: Principal, authorityHost: string): EntraGuardError {
  const check = 'policy';
  if (denial.authContexts !== undefined && denial.authContexts.length > 0) {
    if (canHandleClaimsChallenge(principal)) {
      return new InsufficientClaimsError('EG_INSUFFICIENT_CLAIMS', denial.reason, {
        check,
        claims: authContextClaims(denial.authContexts),
        authorizationUri: claimsAuthorizationUri(authorityHost),
      });
    }
    return new ForbiddenError('EG_STEP_UP_REQUIRED', denial.reason, { check });
  }
  if (denial.groupsOverage === true && denial.required.length === 0) {
    return new ForbiddenError('EG_GROUPS_OVERAGE', denial.reason, { check });
  }
  if (denial.requirement === 'tenant') return new ForbiddenError('EG_TENANT_MISMATCH', denial.reason, { check });
  return new ForbiddenError('EG_INSUFFICIENT_PERMISSIONS', denial.reason, { check, requiredScopes: denial.required });
}
