import type { EntraGuard } from './create-entra-guard.js';
import type { Principal } from './principal/principal.js';

/**
 * What adapters call per request: the guard's `authenticateMaybeSync`, or its `authenticate`
 * when the guard comes from an older copy of core that lacks it. Returns the principal itself or
 * a promise of it; throws or rejects with the EntraGuardError.
 *
 * @example
 * ```ts
 * const result = authenticateForAdapter(guard, values);
 * if (isPromiseLike(result)) result.then(accept, refuse); else accept(result);
 * ```
 */
export function authenticateForAdapter(guard: EntraGuard, authorization: string | readonly string[] | undefined | null): Principal | Promise<Principal> {
  return typeof guard.authenticateMaybeSync === 'function' ? guard.authenticateMaybeSync(authorization) : guard.authenticate(authorization);
}
