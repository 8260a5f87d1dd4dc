import { tokenError, type EntraGuardError } from '../errors/errors.js';
import type { Principal } from '../principal/principal.js';

/**
 * The default refusal for a valid token with neither `scp` nor `roles`: it grants nothing to
 * this API (an app that merely has a service principal in the tenant can get such a token).
 * APIs that authorise by their own access lists turn this off in the adapters.
 */
export function noPermissionsError(principal: Principal): EntraGuardError | undefined {
  if (principal.scopes.size > 0 || principal.roles.size > 0) return undefined;
  return tokenError('EG_NO_PERMISSIONS', 'token has neither scp nor roles', { check: 'policy' });
}
