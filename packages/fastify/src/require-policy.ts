import { isPolicy, MissingTokenError, publishRefusal, type EntraGuard, type HttpResponseOptions, type Policy, type PolicyContext } from '@entra-guard/core';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { sendEntraGuardError } from './send-error.js';

/**
 * Refuses, at route definition, anything that is not a policy from the core builders (a bare
 * string such as `'Orders.Read'` from JavaScript callers, `undefined`, a typo'd kind).
 *
 * @example
 * ```ts
 * assertPolicy(requireScopes('Orders.Read')); // ok
 * assertPolicy('Orders.Read');                // TypeError
 * ```
 * @throws TypeError
 */
export function assertPolicy(policy: unknown): asserts policy is Policy {
  if (!isPolicy(policy)) {
    throw new TypeError('app.entraGuard.require() needs a policy built by requireScopes(), requireAppPermissions(), anyOf() …');
  }
}

function contextOf(params: unknown, request: unknown): PolicyContext {
  // Fastify's route parameters are strings; the type says `unknown` only because routes may declare them.
  const routeParams = typeof params === 'object' && params !== null ? (params as Readonly<Record<string, string | undefined>>) : {};
  return { params: routeParams, request };
}

/**
 * Builds the hook behind `app.entraGuard.require(policy)`.
 *
 * @example
 * ```ts
 * app.get('/admin', { preHandler: policyHook(guard, requireUserRoles('Orders.Admin'), {}) }, handler);
 * ```
 * @throws TypeError when `policy` is not a policy.
 */
export function policyHook(guard: EntraGuard, policy: Policy, response: HttpResponseOptions): preHandlerAsyncHookHandler {
  assertPolicy(policy);
  return async function entraGuardRequire(request, reply) {
    const principal = request.auth;
    // Anonymous (optional route, or the hook did not run): a policy needs a caller. Fail closed.
    if (principal === null || principal === undefined) {
      const missing = new MissingTokenError('EG_REQUEST_MISSING_TOKEN', 'the route requires an authenticated caller', { check: 'request' });
      publishRefusal(missing);
      return sendEntraGuardError(reply, missing, response);
    }
    try {
      guard.authorize(principal, policy, contextOf(request.params, request));
      return undefined;
    } catch (err) {
      return sendEntraGuardError(reply, err, response);
    }
  };
}
